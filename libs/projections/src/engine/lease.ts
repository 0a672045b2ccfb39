import { ReadStore } from '@crm/read-store';

export type LeaseHold = 'kept' | 'taken' | 'refused';

/**
 * A processor's lease in the read store: only its holder runs the processor, and every commit is
 * fenced by it, so a lease lost between two renewals makes the next commit fail rather than
 * write twice. It also remembers since when this process has seen nobody hold it (`unattended`).
 */
export class Lease {
  private renewedAt = Number.NEGATIVE_INFINITY;
  /** When this process first saw no process holding the lease (undefined while one holds it). */
  private unheldSince: number | undefined;

  constructor(
    private readonly reads: ReadStore,
    readonly name: string,
    private readonly owner: string,
    private readonly ttlMs: number,
    private readonly clock: () => number,
  ) {}

  get fence(): { lease: string; owner: string } {
    return { lease: this.name, owner: this.owner };
  }

  /** Whether this process holds it, as far as it knows (a commit may still find it lost). */
  get held(): boolean {
    return this.renewedAt !== Number.NEGATIVE_INFINITY;
  }

  /** Takes the lease, or renews it once a third of its time has passed: renewing is a durable write, too dear for every batch. */
  async hold(): Promise<LeaseHold> {
    const now = this.clock();
    if (now - this.renewedAt < this.ttlMs / 3) return 'kept';
    // Held without a break only if renewed within its time to live: after a longer pause (a frozen
    // process) another process may have held it and moved the checkpoint on, so the holder must
    // start again from the committed checkpoint ('taken'), not from what it remembers.
    const wasHeld = this.held && now - this.renewedAt < this.ttlMs;
    const held = await this.reads.tryAcquireLease(this.name, this.owner, this.ttlMs);
    this.renewedAt = held ? now : Number.NEGATIVE_INFINITY;
    return !held ? 'refused' : wasHeld ? 'kept' : 'taken';
  }

  /** A fenced commit found the lease gone: take it again (or stand by) before the next batch. */
  lost(): void {
    this.renewedAt = Number.NEGATIVE_INFINITY;
  }

  async release(): Promise<void> {
    this.renewedAt = Number.NEGATIVE_INFINITY;
    this.unheldSince = undefined; // given up on purpose: not a processor left unattended
    await this.reads.releaseLease(this.name, this.owner);
  }

  /** Whether some process holds the lease now; remembers since when none has. */
  async observe(): Promise<boolean> {
    const held = await this.reads.leaseHeld(this.name);
    this.unheldSince = held ? undefined : (this.unheldSince ?? this.clock());
    return held;
  }

  /** Nobody has held it for longer than its time to live, as far as this process has watched. */
  unattended(now: number): boolean {
    return this.unheldSince !== undefined && now - this.unheldSince > this.ttlMs;
  }
}
