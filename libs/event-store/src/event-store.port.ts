/**
 * The event store port. Adapters: SQLite (embedded default) and EventStoreDB.
 * Both honour the same contract (see testing/event-store.contract.ts).
 */

/** 0-based index of an event within its stream. */
export type StreamVersion = number;

/**
 * A global position in the log: opaque, totally ordered, a decimal string that may
 * exceed 2^53. Compare with `comparePositions`, never as strings or JS numbers.
 */
export type Position = string;

export type ExpectedRevision = 'no-stream' | 'any' | 'exists' | StreamVersion;

/** Business metadata supplied by the writer. */
export interface EventMetadataInput {
  /** Business time of the event. */
  occurredAt: string;
  /** The principal behind the command (API key principal, or `system:<reactor>`). */
  actor: string;
  commandType: string;
  commandId: string;
  correlationId: string;
  /** The event or command that caused this one; the command id for client commands. */
  causationId: string;
  schemaVersion: number;
}

/** What the store adds: when it recorded the event and the per-stream hash chain. */
export interface EventMetadata extends EventMetadataInput {
  /**
   * When the store was asked to append it (the asking process's clock), not when the commit
   * landed: with a writer thread the hash, which covers it, is prepared before the commit. So
   * with two processes appending to one SQLite file it may step back as positions go forward.
   */
  recordedAt: string;
  prevHash: string;
  hash: string;
}

export type EventData = Record<string, unknown>;

export interface NewEvent {
  /** A UUID. Appending an id already stored in the stream never stores it twice. */
  eventId: string;
  type: string;
  data: EventData;
  metadata: EventMetadataInput;
}

export interface RecordedEvent {
  eventId: string;
  streamId: string;
  version: StreamVersion;
  position: Position;
  type: string;
  data: EventData;
  metadata: EventMetadata;
}

export interface AppendResult {
  streamId: string;
  /** Version of the last event in the stream after the append. */
  nextExpectedVersion: StreamVersion;
  /** Global position of the last appended event. */
  position: Position;
  events: { eventId: string; type: string; version: StreamVersion }[];
}

export interface ReadAllOptions {
  /** Exclusive: events strictly after this position. Omitted: from the start. */
  after?: Position;
  limit: number;
  /** Only these event types (the position still advances over the others). */
  eventTypes?: readonly string[];
}

export interface SubscribeOptions {
  after?: Position;
  eventTypes?: readonly string[];
}

/** A catch-up subscription to all events: history first, then live events as they are appended. */
export interface EventSubscription extends AsyncIterable<RecordedEvent> {
  close(): Promise<void>;
}

export abstract class EventStore {
  abstract appendToStream(
    streamId: string,
    events: readonly NewEvent[],
    options: { expectedRevision: ExpectedRevision },
  ): Promise<AppendResult>;

  /** All events of a stream in version order; an unknown stream reads as empty. */
  abstract readStream(streamId: string, options?: { fromVersion?: StreamVersion; maxCount?: number }): Promise<RecordedEvent[]>;

  /**
   * Whether the stream holds any event. A wrapper that changes events on the way out (the
   * personal-data store reveals them) answers this without doing so.
   */
  async streamExists(streamId: string): Promise<boolean> {
    return (await this.readStream(streamId, { maxCount: 1 })).length > 0;
  }

  /** Events of all streams in global order. */
  abstract readAll(options: ReadAllOptions): Promise<RecordedEvent[]>;

  abstract subscribeToAll(options?: SubscribeOptions): EventSubscription;

  /** Position of the newest event, or null for an empty store. */
  abstract headPosition(): Promise<Position | null>;

  /** Throws when the store cannot be reached. */
  abstract ping(): Promise<void>;

  abstract close(): Promise<void>;

  /**
   * Calls `listener` after each commit of appends made through this instance: for a store whose
   * other connections learn of them only by polling (SQLite), so that a projector on another
   * thread can be told at once. Stores that push (EventStoreDB) need nothing. Returns the unsubscribe.
   */
  onAppended(_listener: () => void): () => void {
    return () => undefined;
  }

  /** Another connection committed appends (see onAppended): subscriptions look now, not at their next poll. */
  appendedElsewhere(): void {}
}
