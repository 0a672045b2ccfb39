import { EventMetadata, EventStore, Position, RecordedEvent, comparePositions } from '@crm/event-store';
import { toDomainEvent } from '../command-handling/event-mapping';
import { Broken, StreamChains } from './stream-chains';

export type { Broken } from './stream-chains';

/** An event as auditors see it: every stored field and all metadata, flat. */
export type AuditEvent = Omit<RecordedEvent, 'metadata'> & EventMetadata;

export interface AuditFilter {
  streamId?: string;
  customerId?: string;
  type?: string;
  actor?: string;
  correlationId?: string;
  /** Business time range (occurredAt), inclusive. */
  from?: string;
  to?: string;
}

/** `data` in its current shape; `schemaVersion` is the version it was stored with (the hash covers the stored form). */
export const toAuditEvent = ({ metadata, ...event }: RecordedEvent): AuditEvent => ({
  ...event,
  data: toDomainEvent({ ...event, metadata }).data as Record<string, unknown>,
  ...metadata,
});

const SCAN = 1000;

/** The whole log in global order, a batch at a time. */
export async function* readAllBatches(store: EventStore): AsyncGenerator<RecordedEvent[]> {
  let after: Position | undefined;
  for (;;) {
    const batch = await store.readAll({ after, limit: SCAN });
    if (batch.length > 0) yield batch;
    if (batch.length < SCAN) return;
    after = batch[batch.length - 1].position;
    // The SQLite adapter answers synchronously: without a turn of the event loop between batches,
    // a checkpoint or a verify over a large log would hold every other request until it is done.
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/**
 * The auditor's view of the log: events in global order with every filter of the contract,
 * one stream's history, and verification of every stream's hash chain.
 */
export class AuditLog {
  /**
   * @param store the log as auditors read it (personal fields revealed, or erased)
   * @param stored the log as stored, whose hash chains cover the sealed personal fields
   */
  constructor(
    private readonly store: EventStore,
    private readonly stored: EventStore = store,
  ) {}

  /**
   * Matching events after `after`, in global order, as an async stream read in batches so an
   * export of any size holds memory flat. `scannedTo` tells a pager where to continue.
   */
  async *events(filter: AuditFilter, after?: Position, onScanned: (position: Position) => void = () => undefined): AsyncGenerator<AuditEvent> {
    const matches = await this.matcher(filter);
    let cursor = after;
    for (;;) {
      const batch = await this.store.readAll({ after: cursor, limit: SCAN, eventTypes: filter.type ? [filter.type] : undefined });
      for (const event of batch) {
        cursor = event.position;
        onScanned(cursor);
        if (matches(event)) yield toAuditEvent(event);
      }
      if (batch.length < SCAN) return;
    }
  }

  /** One page of `events`: up to `limit` items, and the position to continue after (null at the end). */
  async page(filter: AuditFilter, limit: number, after?: Position): Promise<{ items: AuditEvent[]; nextCursor: Position | null }> {
    const items: AuditEvent[] = [];
    let scanned: Position | undefined;
    const iterator = this.events(filter, after, (position) => (scanned = position));
    for await (const event of iterator) {
      items.push(event);
      if (items.length === limit) {
        await iterator.return(undefined);
        const head = await this.store.headPosition();
        const more = head !== null && scanned !== undefined && comparePositions(scanned, head) < 0;
        return { items, nextCursor: more ? (scanned ?? null) : null };
      }
    }
    return { items, nextCursor: null };
  }

  async stream(streamId: string): Promise<AuditEvent[]> {
    return (await this.store.readStream(streamId)).map(toAuditEvent);
  }

  /**
   * Recomputes every stream's hash chain in one pass over the log (or one stream's). What is cut
   * off a stream's end, or a whole stream, leaves the chains whole: a signed checkpoint
   * (`AuditCheckpoints`) catches that.
   */
  async verify(streamId?: string): Promise<{ ok: boolean; streams: number; events: number; broken: Broken[] }> {
    const chains = new StreamChains();
    if (streamId !== undefined) (await this.stored.readStream(streamId)).forEach((event) => chains.check(event));
    else for await (const batch of readAllBatches(this.stored)) batch.forEach((event) => chains.check(event));
    return { ok: chains.broken.length === 0, streams: chains.streams, events: chains.events, broken: chains.broken };
  }

  private async matcher(filter: AuditFilter): Promise<(event: RecordedEvent) => boolean> {
    const from = filter.from ? Date.parse(filter.from) : undefined;
    const to = filter.to ? Date.parse(filter.to) : undefined;
    const customerStreams = filter.customerId === undefined ? undefined : await this.streamsOfCustomer(filter.customerId);
    return (event) => {
      const at = Date.parse(event.metadata.occurredAt);
      return (
        (filter.streamId === undefined || event.streamId === filter.streamId) &&
        (filter.type === undefined || event.type === filter.type) &&
        (filter.actor === undefined || event.metadata.actor === filter.actor) &&
        (filter.correlationId === undefined || event.metadata.correlationId === filter.correlationId) &&
        (from === undefined || at >= from) &&
        (to === undefined || at <= to) &&
        (customerStreams === undefined ||
          customerStreams.has(event.streamId) ||
          (event.data as { customerId?: unknown }).customerId === filter.customerId)
      );
    };
  }

  /** The customer's own stream and the streams of the leads qualified into it (their early events carry no customer id). */
  private async streamsOfCustomer(customerId: string): Promise<Set<string>> {
    const streams = new Set([`customer-${customerId}`]);
    let after: Position | undefined;
    for (;;) {
      const batch = await this.store.readAll({ after, limit: SCAN, eventTypes: ['LeadQualified'] });
      for (const event of batch) if (event.data.customerId === customerId) streams.add(event.streamId);
      if (batch.length < SCAN) return streams;
      after = batch[batch.length - 1].position;
    }
  }
}
