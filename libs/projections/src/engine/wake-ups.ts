import { EventStore, Position } from '@crm/event-store';
import { EngineOptions } from './engine-options';
import { nextGatherWindow } from './sizing';

/**
 * How a follower at the head of the log waits: one subscription for all its processors, woken by
 * the first new event, then a gather window so that a burst (a command and its reactions) is
 * committed in one batch. The window grows under sustained load (see nextGatherWindow); a reader
 * waiting for a position cuts it short (hurry).
 */
export class WakeUps {
  private wake: (() => void) | undefined;
  private window: number;
  private gathering = false;
  private closed = false;

  constructor(
    private readonly events: EventStore,
    private readonly options: Pick<EngineOptions, 'gatherMs' | 'maxGatherMs' | 'clock'>,
  ) {
    this.window = options.gatherMs;
  }

  /** Waits for an event after `after`, or `timeoutMs`; a failing subscription rejects. */
  async forEvents(after: Position | null, timeoutMs: number): Promise<void> {
    if (this.closed) return;
    const waitingSince = this.options.clock();
    const subscription = this.events.subscribeToAll({ after: after ?? undefined, eventTypes: undefined });
    const iterator = subscription[Symbol.asyncIterator]();
    let woken: boolean;
    try {
      woken = await Promise.race([iterator.next().then(() => true), this.sleep(timeoutMs).then(() => false)]);
    } finally {
      // Also when the subscription failed: end the sleep and release the subscription.
      this.wake?.();
      await subscription.close();
    }
    if (!woken || this.closed) {
      this.window = this.options.gatherMs;
      return;
    }
    this.window = nextGatherWindow(this.window, this.options.clock() - waitingSince < this.window, this.options.gatherMs, this.options.maxGatherMs);
    this.gathering = true;
    try {
      await this.sleep(this.window);
    } finally {
      this.gathering = false;
    }
  }

  /** A reader waits for a position: commit what has been gathered now rather than at the end of the window. */
  hurry(): void {
    if (this.gathering) this.wake?.();
  }

  /** Ends the current wait and every later one at once (the follower stops). */
  close(): void {
    this.closed = true;
    this.wake?.();
  }

  sleep(ms: number): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, Math.max(0, ms));
      const self = this;
      function done() {
        clearTimeout(timer);
        if (self.wake === done) self.wake = undefined;
        resolve();
      }
      this.wake = done;
    });
  }
}
