import { EventEmitter } from 'node:events';
import { EventSubscription, Position, RecordedEvent } from '../event-store.port';
import { PollPace } from './poll-pace';

const BATCH = 512;

/**
 * Catch-up then live over a log that can only be polled: read batches until the head, then
 * wait for an in-process append signal (or the poll interval, for writers in other processes).
 * An append signal says which event types were appended (or nothing, when that is not known): a
 * subscription to other types sleeps on instead of reading for nothing (the key shredder, which
 * wants only CustomerForgotten, read the log after every commit of the server).
 */
export class PollingSubscription implements EventSubscription {
  private closed = false;
  private wake: (() => void) | undefined;
  private readonly onSignal = (types?: ReadonlySet<string>) => {
    const wanted = this.options.eventTypes;
    if (types && wanted && !wanted.some((type) => types.has(type))) return;
    this.wake?.();
  };
  private readonly onStoreClosed = () => void this.close();

  constructor(
    private readonly options: {
      after?: Position;
      read: (after: Position | undefined, limit: number) => RecordedEvent[];
      /** The types it delivers; all when absent. */
      eventTypes?: readonly string[];
      appended: EventEmitter;
      pace: PollPace;
    },
  ) {
    options.appended.on('append', this.onSignal);
    options.appended.on('close', this.onStoreClosed);
  }

  async *[Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    let after = this.options.after;
    try {
      while (!this.closed) {
        const batch = this.options.read(after, BATCH);
        for (const event of batch) {
          if (this.closed) return;
          yield event;
          after = event.position;
        }
        if (batch.length < BATCH) await this.waitForAppend();
      }
    } finally {
      await this.close();
    }
  }

  private waitForAppend(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.options.pace.polled();
        done();
      }, this.options.pace.delayMs);
      const self = this;
      function done() {
        clearTimeout(timer);
        self.wake = undefined;
        resolve();
      }
      this.wake = done;
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // Both listeners go: a projector opens a subscription per idle wait, and a kept 'close'
    // listener per subscription grew without bound (memory, and a slow store close).
    this.options.appended.off('append', this.onSignal);
    this.options.appended.off('close', this.onStoreClosed);
    this.wake?.();
  }
}
