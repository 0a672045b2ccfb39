import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  START,
  eventTypeFilter,
  excludeSystemEvents,
} from '@eventstore/db-client';
import { assertExpectedRevision } from '../event-store.errors';
import {
  AppendResult,
  EventStore,
  EventSubscription,
  ExpectedRevision,
  NewEvent,
  Position,
  ReadAllOptions,
  RecordedEvent,
  StreamVersion,
  SubscribeOptions,
} from '../event-store.port';
import { chainEvents } from '../hash-chain';
import { comparePositions } from '../position';
import { retriedAppend } from '../retried-append';
import { EsdbSubscription } from './esdb-subscription';
import {
  EsdbResolvedEvent,
  eventTypeRegex,
  isStreamNotFound,
  MAX_PACKED_POSITION,
  isWrongExpectedVersion,
  mapAppendError,
  packPosition,
  toEsdbExpectedRevision,
  toJsonEvent,
  toRecordedEvent,
  unpackPosition,
} from './esdb-mapping';

const RETRIES_FOR_ANY = 5;

export class EsdbEventStore extends EventStore {
  constructor(
    private readonly client: EventStoreDBClient,
    private readonly clock: () => Date = () => new Date(),
  ) {
    super();
  }

  static fromConnectionString(connectionString: string): EsdbEventStore {
    return new EsdbEventStore(EventStoreDBClient.connectionString(connectionString));
  }

  /**
   * The hash chain needs the stream's last hash, so every append reads the tail first and then
   * appends with that concrete revision: EventStoreDB refuses the write if anyone appended in
   * between, and event-id de-duplication is guaranteed with an explicit revision. A writer that
   * asked for `any` or `exists` gets the clash retried here.
   */
  async appendToStream(
    streamId: string,
    events: readonly NewEvent[],
    { expectedRevision }: { expectedRevision: ExpectedRevision },
  ): Promise<AppendResult> {
    if (events.length === 0) throw new Error('appendToStream needs at least one event');
    for (let attempt = 0; ; attempt++) {
      const tail = await this.readTail(streamId, events.length);
      const last = tail[tail.length - 1];
      const tailIds = new Set(tail.map((event) => event.eventId));
      const retried = retriedAppend(streamId, () => tail, events, (id) => tailIds.has(id));
      if (retried) return retried;
      const actual: StreamVersion = last ? last.version : -1;
      assertExpectedRevision(streamId, expectedRevision, actual);

      const chained = chainEvents(streamId, last && { version: last.version, hash: last.metadata.hash }, events, this.clock().toISOString());
      try {
        const result = await this.client.appendToStream(streamId, chained.map(toJsonEvent), {
          expectedRevision: toEsdbExpectedRevision(actual),
        });
        if (!result.position) throw new Error('EventStoreDB did not report the position of the append');
        return {
          streamId,
          nextExpectedVersion: Number(result.nextExpectedRevision),
          position: packPosition(result.position),
          events: chained.map(({ eventId, type, version }) => ({ eventId, type, version })),
        };
      } catch (error) {
        const mayRetry = expectedRevision === 'any' || expectedRevision === 'exists';
        if (isWrongExpectedVersion(error) && mayRetry && attempt < RETRIES_FOR_ANY) continue;
        throw mapAppendError(error, streamId, expectedRevision);
      }
    }
  }

  /** The last `count` events of a stream, oldest first. */
  private async readTail(streamId: string, count: number): Promise<RecordedEvent[]> {
    const events = await this.collect(
      this.client.readStream(streamId, { direction: BACKWARDS, fromRevision: END, maxCount: count }),
    );
    return events.reverse();
  }

  async readStream(streamId: string, options: { fromVersion?: StreamVersion; maxCount?: number } = {}): Promise<RecordedEvent[]> {
    return this.collect(
      this.client.readStream(streamId, {
        direction: FORWARDS,
        fromRevision: options.fromVersion ? BigInt(options.fromVersion) : START,
        ...(options.maxCount !== undefined ? { maxCount: options.maxCount } : {}),
      }),
    );
  }

  private async collect(read: AsyncIterable<EsdbResolvedEvent>): Promise<RecordedEvent[]> {
    const events: RecordedEvent[] = [];
    try {
      for await (const resolved of read) {
        const event = toRecordedEvent(resolved);
        if (event) events.push(event);
      }
    } catch (error) {
      if (isStreamNotFound(error)) return [];
      throw error;
    }
    return events;
  }

  /**
   * readAll's fromPosition is inclusive and cannot filter, so we skip the boundary event,
   * system events and unwanted types here, reading further until `limit` events are found.
   */
  async readAll({ after, limit, eventTypes }: ReadAllOptions): Promise<RecordedEvent[]> {
    // A client may ask after any position; past the largest one the server can hold there is nothing.
    if (after !== undefined && BigInt(after) > MAX_PACKED_POSITION) return [];
    const wanted = eventTypes ? new Set(eventTypes) : undefined;
    const found: RecordedEvent[] = [];
    let cursor = after;
    const pageSize = Math.max(limit + 1, 64);
    while (found.length < limit) {
      let seen = 0;
      for await (const resolved of this.client.readAll({
        fromPosition: cursor === undefined ? START : unpackPosition(cursor),
        maxCount: pageSize,
        direction: FORWARDS,
        resolveLinkTos: false,
      })) {
        seen += 1;
        const position = resolved.event?.position ?? (resolved.commitPosition !== undefined ? { commit: resolved.commitPosition, prepare: resolved.commitPosition } : undefined);
        if (!position) continue;
        const packed = packPosition(position);
        if (cursor !== undefined && comparePositions(packed, cursor) <= 0) continue;
        cursor = packed;
        const event = toRecordedEvent(resolved as EsdbResolvedEvent);
        if (!event || (wanted && !wanted.has(event.type))) continue;
        found.push(event);
        if (found.length === limit) break;
      }
      if (seen < pageSize) break;
    }
    return found;
  }

  subscribeToAll(options: SubscribeOptions = {}): EventSubscription {
    return new EsdbSubscription({
      after: options.after,
      eventTypes: options.eventTypes,
      subscribe: (after, eventTypes) =>
        this.client.subscribeToAll({
          fromPosition: after === undefined ? START : unpackPosition(after),
          filter: eventTypes ? eventTypeFilter({ regex: eventTypeRegex(eventTypes) }) : excludeSystemEvents(),
        }),
    });
  }

  async headPosition(): Promise<Position | null> {
    for await (const resolved of this.client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 64 })) {
      const event = toRecordedEvent(resolved as EsdbResolvedEvent);
      if (event) return event.position;
    }
    return null;
  }

  async ping(): Promise<void> {
    await this.collect(this.client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1 }) as AsyncIterable<EsdbResolvedEvent>);
  }

  async close(): Promise<void> {
    await this.client.dispose();
  }
}
