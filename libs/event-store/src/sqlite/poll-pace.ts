/** How long foreign appends keep subscribers polling at the short interval after the last was seen. */
const ACTIVE_FOR_MS = 1_000;

/**
 * How often subscriptions poll a SQLite log for appends made by other processes (appends of this
 * process wake them at once). While another process is appending (a projector process beside the
 * server), every 20 ms, so that read models follow it closely; after a quiet second, back to the
 * idle interval, so that an idle process costs next to nothing. Shared by all subscriptions of a
 * store: a runner opens a new subscription for each wait, so pacing per subscription would forget.
 */
export class PollPace {
  private seen: bigint;
  private lastForeignAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly idleMs: number,
    private readonly activeMs: number,
    private readonly head: () => bigint,
    private readonly now: () => number = Date.now,
  ) {
    this.seen = head();
  }

  get delayMs(): number {
    return this.now() - this.lastForeignAt < ACTIVE_FOR_MS ? this.activeMs : this.idleMs;
  }

  /** This process appended up to `position`: its subscribers were signalled, nothing foreign about it. */
  appended(position: bigint): void {
    if (position > this.seen) this.seen = position;
  }

  /** A poll timer fired: a head beyond anything seen means another process appended. */
  polled(): void {
    let head: bigint;
    try {
      head = this.head();
    } catch {
      return; // runs in a timer: a failing store is reported by the subscription's next read, not thrown here
    }
    if (head <= this.seen) return;
    this.seen = head;
    this.lastForeignAt = this.now();
  }
}
