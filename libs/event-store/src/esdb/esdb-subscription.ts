import { EventSubscription, Position, RecordedEvent } from '../event-store.port';
import { EsdbResolvedEvent, toRecordedEvent } from './esdb-mapping';

interface ClientSubscription extends AsyncIterable<unknown> {
  unsubscribe(): Promise<void>;
}

const MAX_BACKOFF_MS = 5000;

/**
 * The client never resubscribes after a drop (pitfalls.md), so this supervisor does: it
 * resumes from the last delivered position with exponential backoff. subscribeToAll's
 * fromPosition is exclusive, which matches our `after`. Events are pulled with `for await`,
 * so a slow consumer is never overtaken by the next event.
 */
export class EsdbSubscription implements EventSubscription {
  private closed = false;
  private current: ClientSubscription | undefined;

  constructor(
    private readonly options: {
      after?: Position;
      eventTypes?: readonly string[];
      subscribe: (after: Position | undefined, eventTypes: readonly string[] | undefined) => ClientSubscription;
      onDrop?: (error: unknown) => void;
    },
  ) {}

  async *[Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    let after = this.options.after;
    let backoffMs = 100;
    const wanted = this.options.eventTypes ? new Set(this.options.eventTypes) : undefined;
    while (!this.closed) {
      this.current = this.options.subscribe(after, this.options.eventTypes);
      try {
        for await (const resolved of this.current) {
          const event = toRecordedEvent(resolved as EsdbResolvedEvent);
          if (!event || (wanted && !wanted.has(event.type))) continue;
          yield event;
          after = event.position;
          backoffMs = 100;
        }
      } catch (error) {
        if (this.closed) return;
        this.options.onDrop?.(error);
      }
      if (this.closed) return;
      await new Promise((resolve) => setTimeout(resolve, backoffMs));
      backoffMs = Math.min(backoffMs * 2, MAX_BACKOFF_MS);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.current?.unsubscribe().catch(() => undefined);
  }
}
