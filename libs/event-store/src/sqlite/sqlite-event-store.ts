import type Database from 'better-sqlite3';
import { EventEmitter } from 'node:events';
import { assertExpectedRevision, revisionMatches } from '../event-store.errors';
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
import { ChainLink, SerialisedEvent, linkEvents, serialiseEvents } from '../hash-chain';
import { retriedAppend } from '../retried-append';
import { PollPace } from './poll-pace';
import { PollingSubscription } from './polling-subscription';
import { EVENT_LOG_SCHEMA } from './sqlite-event-store.schema';

interface EventRow {
  position: bigint;
  stream_id: string;
  version: bigint;
  event_id: string;
  type: string;
  data: string;
  metadata: string;
}

const toRecorded = (row: EventRow): RecordedEvent => ({
  eventId: row.event_id,
  streamId: row.stream_id,
  version: Number(row.version),
  position: row.position.toString(),
  type: row.type,
  data: JSON.parse(row.data),
  metadata: JSON.parse(row.metadata),
});

export interface SqliteEventStoreOptions {
  /** How often subscribers look for events appended by other processes, while none are (default 200 ms). */
  pollIntervalMs?: number;
  /** How often while another process is appending (default 20 ms); see PollPace. */
  activePollIntervalMs?: number;
  clock?: () => Date;
  /**
   * Commits the appends elsewhere (a writer thread with its own connection to the same file), so
   * that this thread never waits for the disk; reads stay on `db`. Without it, appends commit on `db`.
   */
  writer?: AppendWriter;
  /**
   * The most events one group commit takes (a positive whole number; default: no limit). A writer
   * thread sets it: appends of many events each are split into several commits, so that the
   * writer's commits and the asking thread's next appends overlap instead of taking turns. On one
   * thread a split would only add fsyncs.
   */
  maxGroupEvents?: number;
}

/** Where a store's appends are committed when not on its own connection: see SqliteEventStoreOptions.writer. */
export interface AppendWriter {
  /** Commits events serialised by the asking store (SqliteEventStore.appendSerialised on the writer's side). */
  append(streamId: string, events: readonly SerialisedEvent[], expectedRevision: ExpectedRevision): Promise<AppendResult>;
  /** Throws when appends cannot be committed (the store's ping, so that readiness covers the writer too). */
  ping(): Promise<void>;
}

/** The unique index on (stream_id, event_id) refused a row: an event id already in the stream. */
const isDuplicateEventId = (error: unknown) =>
  (error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE' && /events\.event_id/.test((error as Error).message);

interface PendingAppend {
  streamId: string;
  events: readonly SerialisedEvent[];
  expected: ExpectedRevision;
  resolve(result: AppendResult): void;
  reject(error: unknown): void;
}

/** SQLite's largest rowid, 2^63 - 1: no stored position is larger. */
const MAX_ROWID = 2n ** 63n - 1n;

export class SqliteEventStore extends EventStore {
  private readonly appended = new EventEmitter().setMaxListeners(0);
  private pending: PendingAppend[] = [];
  private flushScheduled = false;
  private readonly appendOne;
  private readonly insertAll;
  private readonly commitGroup;
  private readonly clock: () => Date;
  private readonly pace: PollPace;
  private readonly statements;
  private readonly readAllByTypes = new Map<string, Database.Statement<unknown[], EventRow>>();
  private readonly writer: AppendWriter | undefined;
  private readonly maxGroupEvents: number;
  private wakeScheduled = false;
  /** The types of the events committed on the writer thread since subscribers were last woken. */
  private wakeTypes = new Set<string>();

  constructor(
    private readonly db: Database.Database,
    options: SqliteEventStoreOptions = {},
  ) {
    super();
    this.clock = options.clock ?? (() => new Date());
    this.writer = options.writer;
    const max = options.maxGroupEvents ?? Number.POSITIVE_INFINITY;
    if (!(max >= 1) || (Number.isFinite(max) && !Number.isInteger(max))) throw new RangeError(`maxGroupEvents must be a positive whole number (got ${max})`);
    this.maxGroupEvents = max;
    db.exec(EVENT_LOG_SCHEMA);
    this.statements = {
      // Only the hash of the stream's last event is needed: SQLite extracts it, JS parses nothing.
      last: db.prepare<[string], { version: bigint; hash: string }>(
        "SELECT version, json_extract(metadata, '$.hash') AS hash FROM events WHERE stream_id = ? ORDER BY version DESC LIMIT 1",
      ),
      tail: db.prepare<[string, number], EventRow>(
        'SELECT * FROM events WHERE stream_id = ? ORDER BY version DESC LIMIT ?',
      ),
      byEventId: db.prepare<[string, string], { version: bigint }>(
        'SELECT version FROM events WHERE stream_id = ? AND event_id = ?',
      ),
      insert: db.prepare<[string, number, string, string, string, string], unknown>(
        'INSERT INTO events (stream_id, version, event_id, type, data, metadata) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      readStream: db.prepare<[string, number, number], EventRow>(
        'SELECT * FROM events WHERE stream_id = ? AND version >= ? ORDER BY version LIMIT ?',
      ),
      readAll: db.prepare<[bigint, number], EventRow>('SELECT * FROM events WHERE position > ? ORDER BY position LIMIT ?'),
      head: db.prepare<[], { position: bigint | null }>('SELECT MAX(position) AS position FROM events'),
    };
    this.pace = new PollPace(options.pollIntervalMs ?? 200, options.activePollIntervalMs ?? 20, () => this.statements.head.get()?.position ?? 0n);
    // Inside the group's transaction, each append runs in its own savepoint: a refused one rolls back alone.
    this.appendOne = db.transaction((item: PendingAppend) => this.appendInTransaction(item.streamId, item.events, item.expected));
    // Nested in appendOne's savepoint: a refused id rolls back only the inserts, so that the
    // retry check can still answer within the same append.
    this.insertAll = db.transaction((streamId: string, events: readonly SerialisedEvent[], links: ChainLink[]): bigint => {
      let position = 0n;
      for (let i = 0; i < events.length; i++) {
        const { eventId, type, dataJson } = events[i];
        const info = this.statements.insert.run(streamId, links[i].version, eventId, type, dataJson, links[i].metadataJson) as Database.RunResult;
        position = BigInt(info.lastInsertRowid);
      }
      return position;
    });
    this.commitGroup = db.transaction((group: PendingAppend[]) =>
      group.map((item) => {
        try {
          return { ok: true as const, result: this.appendOne(item) };
        } catch (error) {
          // SQLITE_FULL, IOERR, BUSY and NOMEM may roll back the whole transaction, not just the
          // savepoint: then every append of the group is lost, and the rest must not run outside
          // the transaction (committed on their own, then reported failed). Fail the group.
          if (!db.inTransaction) throw error;
          return { ok: false as const, error };
        }
      }),
    );
  }

  /**
   * Group commit: appends that arrive in the same turn of the event loop are committed in one
   * transaction, so at synchronous=FULL they share one fsync; each is still checked against
   * its own expected revision, and a refused one fails alone.
   */
  appendToStream(streamId: string, events: readonly NewEvent[], { expectedRevision }: { expectedRevision: ExpectedRevision }): Promise<AppendResult> {
    if (events.length === 0) return Promise.reject(emptyAppend());
    let serialised: SerialisedEvent[];
    try {
      // Here, not where the commit runs: with a writer thread the serialising (the larger part of
      // the chain's cost) runs on this thread while the writer commits, and only strings cross.
      serialised = serialiseEvents(events, this.clock().toISOString());
    } catch (error) {
      return Promise.reject(error);
    }
    if (this.writer) return this.writer.append(streamId, serialised, expectedRevision).then((result) => this.committedElsewhere(result, serialised));
    return this.appendSerialised(streamId, serialised, expectedRevision);
  }

  /**
   * @internal The writer's side of AppendWriter: commits events another store serialised with
   * serialiseEvents (group commit as above).
   */
  appendSerialised(streamId: string, events: readonly SerialisedEvent[], expectedRevision: ExpectedRevision): Promise<AppendResult> {
    if (events.length === 0) return Promise.reject(emptyAppend());
    return new Promise((resolve, reject) => {
      this.pending.push({ streamId, events, expected: expectedRevision, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.flushScheduled = false;
    if (this.pending.length === 0) return; // close() committed them already
    const group = this.takeGroup();
    if (this.pending.length > 0) {
      // The rest goes in a later turn, after this group's answers (a writer thread posts them in
      // the next turn): the appending side then prepares its next appends while this side commits.
      this.flushScheduled = true;
      setImmediate(() => setImmediate(() => this.flush()));
    }
    let outcomes;
    try {
      // IMMEDIATE: take the write lock before reading any stream's tail (no SQLITE_BUSY_SNAPSHOT upgrade).
      outcomes = this.commitGroup.immediate(group);
    } catch (error) {
      for (const item of group) item.reject(error);
      return;
    }
    outcomes.forEach((outcome, i) => (outcome.ok ? group[i].resolve(outcome.result) : group[i].reject(outcome.error)));
    const positions = outcomes.flatMap((outcome) => (outcome.ok ? [BigInt(outcome.result.position)] : []));
    if (positions.length === 0) return;
    const head = positions.reduce((a, b) => (b > a ? b : a));
    this.pace.appended(head); // signalled below: not a reason for other subscriptions to poll faster
    this.appended.emit('append', typesOf(group.flatMap((item) => item.events)));
  }

  /** The pending appends up to maxGroupEvents events (at least one append), oldest first. */
  private takeGroup(): PendingAppend[] {
    let events = 0;
    let count = 0;
    while (count < this.pending.length && (count === 0 || events + this.pending[count].events.length <= this.maxGroupEvents)) {
      events += this.pending[count].events.length;
      count += 1;
    }
    return this.pending.splice(0, count);
  }

  /** The writer's replies for one group arrive together: subscribers are woken once, after all of them. */
  private committedElsewhere(result: AppendResult, events: readonly SerialisedEvent[]): AppendResult {
    this.pace.appended(BigInt(result.position));
    for (const event of events) this.wakeTypes.add(event.type);
    if (!this.wakeScheduled) {
      this.wakeScheduled = true;
      setImmediate(() => {
        this.wakeScheduled = false;
        const types = this.wakeTypes;
        this.wakeTypes = new Set();
        this.appended.emit('append', types);
      });
    }
    return result;
  }

  private appendInTransaction(streamId: string, events: readonly SerialisedEvent[], expected: ExpectedRevision): AppendResult {
    // A retry of an append that succeeded (its ids are the stream's last events) is answered with
    // the original result. Stored ids are looked for only when something is off (the revision
    // does not match, or the unique index refuses an id), never on the hot path.
    const retried = () =>
      retriedAppend(
        streamId,
        () => this.statements.tail.all(streamId, events.length).reverse().map(toRecorded),
        events,
        (id) => this.statements.byEventId.get(streamId, id) !== undefined,
      );

    const last = this.statements.last.get(streamId);
    const actual: StreamVersion = last ? Number(last.version) : -1;
    if (!revisionMatches(expected, actual)) {
      const original = retried();
      if (original) return original;
      assertExpectedRevision(streamId, expected, actual);
    }

    const links = linkEvents(streamId, last ? { version: actual, hash: last.hash } : undefined, events);
    let position: bigint;
    try {
      position = this.insertAll(streamId, events, links);
    } catch (error) {
      // The savepoint of insertAll is rolled back: nothing of this append is stored.
      const original = isDuplicateEventId(error) ? retried() : undefined;
      if (original) return original;
      throw error;
    }
    return {
      streamId,
      nextExpectedVersion: links[links.length - 1].version,
      position: position.toString(),
      events: events.map(({ eventId, type }, i) => ({ eventId, type, version: links[i].version })),
    };
  }

  async readStream(streamId: string, options: { fromVersion?: StreamVersion; maxCount?: number } = {}): Promise<RecordedEvent[]> {
    const rows = this.statements.readStream.all(streamId, options.fromVersion ?? 0, options.maxCount ?? -1);
    return rows.map(toRecorded);
  }

  async readAll(options: ReadAllOptions): Promise<RecordedEvent[]> {
    return this.readAllSync(options);
  }

  private readAllSync({ after, limit, eventTypes }: ReadAllOptions): RecordedEvent[] {
    const from = after === undefined ? 0n : BigInt(after);
    // Positions are opaque to callers and may exceed SQLite's 64-bit rowids (EventStoreDB's do):
    // nothing lies after one that large, and binding it would throw a RangeError.
    if (from > MAX_ROWID) return [];
    if (eventTypes === undefined) return this.statements.readAll.all(from, limit).map(toRecorded);
    if (eventTypes.length === 0) return [];
    return this.readAllByTypesStatement(eventTypes).all(from, ...eventTypes, limit).map(toRecorded);
  }

  private readAllByTypesStatement(eventTypes: readonly string[]): Database.Statement<unknown[], EventRow> {
    const key = eventTypes.join('\u0000');
    let statement = this.readAllByTypes.get(key);
    if (!statement) {
      const placeholders = eventTypes.map(() => '?').join(', ');
      // Walk the log in position order from `after` and filter by type (`+type` keeps SQLite off
      // the by-type index): with the index and several types, SQLite gathered *every* later event
      // of those types and sorted them to return the first `limit`, so each batch of a catch-up
      // cost O(rest of the log) and a replay O(n²). This way a batch costs the range it covers.
      statement = this.db.prepare<unknown[], EventRow>(
        eventTypes.length === 1
          ? 'SELECT * FROM events WHERE position > ? AND type = ? ORDER BY position LIMIT ?'
          : `SELECT * FROM events WHERE position > ? AND +type IN (${placeholders}) ORDER BY position LIMIT ?`,
      );
      this.readAllByTypes.set(key, statement);
    }
    return statement;
  }

  subscribeToAll(options: SubscribeOptions = {}): EventSubscription {
    return new PollingSubscription({
      after: options.after,
      read: (after, limit) => this.readAllSync({ after, limit, eventTypes: options.eventTypes }),
      eventTypes: options.eventTypes,
      appended: this.appended,
      pace: this.pace,
    });
  }

  override onAppended(listener: () => void): () => void {
    this.appended.on('append', listener);
    return () => this.appended.off('append', listener);
  }

  override appendedElsewhere(): void {
    this.appended.emit('append'); // of types unknown: every subscription looks
  }

  async headPosition(): Promise<Position | null> {
    const { position } = this.statements.head.get() ?? { position: null };
    return position === null ? null : position.toString();
  }

  async ping(): Promise<void> {
    this.db.prepare('SELECT 1').get();
    await this.writer?.ping();
  }

  async close(): Promise<void> {
    while (this.pending.length > 0) this.flush();
    this.appended.emit('close');
    if (this.db.open) this.db.close();
  }
}

const emptyAppend = () => new Error('an append needs at least one event');

/** The types among appended events, as append signals tell subscribers. */
const typesOf = (events: readonly SerialisedEvent[]): ReadonlySet<string> => new Set(events.map((event) => event.type));
