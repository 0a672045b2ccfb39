/**
 * The peer: Emmett (`@event-driven-io/emmett-sqlite`, the best-known Node event-sourcing
 * library), doing the benchmarks' work through its own API. Two ways to use it:
 * - documented: `getSQLiteEventStore({ fileName })`, as its docs show; it opens and closes a
 *   connection around every operation;
 * - tuned: one shared connection with the same pragmas as ours (WAL, synchronous=FULL), calling
 *   its `appendToStream(connection, …)` directly.
 * Its connection (node-sqlite3) cannot run two transactions at once, so Emmett appends one after
 * the other: concurrent appends on one connection would interleave their transactions.
 */
import { createEventStoreSchema, getSQLiteEventStore, appendToStream, readMessagesBatch, sqliteConnection, SQLiteConnection } from '@event-driven-io/emmett-sqlite';
import { BenchEvent } from '../../test/support/crm-history';

type Message = { type: string; data: Record<string, unknown>; metadata?: Record<string, unknown> };
const toMessage = ({ event }: BenchEvent): Message => ({ type: event.type, data: event.data as Record<string, unknown>, metadata: { eventId: event.eventId } });

export interface EmmettAppender {
  /** Appends events of one stream; `expected` is how many events the stream already holds. */
  append(streamId: string, events: BenchEvent[], expected: number): Promise<void>;
  synchronous(): Promise<string>;
  close(): Promise<void>;
}

export function documentedEmmett(fileName: string): EmmettAppender {
  const store = getSQLiteEventStore({ fileName });
  return {
    async append(streamId, events, expected) {
      await store.appendToStream(streamId, events.map(toMessage), { expectedStreamVersion: BigInt(expected) });
    },
    async synchronous() {
      const connection = sqliteConnection({ fileName });
      const row = await connection.querySingle<{ synchronous: number }>('PRAGMA synchronous');
      connection.close();
      return `${row?.synchronous} (0 OFF, 1 NORMAL, 2 FULL; the documented store sets none, so SQLite's default)`;
    },
    async close() {},
  };
}

export async function tunedConnection(fileName: string): Promise<SQLiteConnection> {
  const connection = sqliteConnection({ fileName });
  await connection.command('PRAGMA journal_mode = WAL');
  await connection.command('PRAGMA synchronous = FULL');
  await createEventStoreSchema(connection);
  return connection;
}

export async function tunedEmmett(fileName: string): Promise<EmmettAppender> {
  const connection = await tunedConnection(fileName);
  return {
    async append(streamId, events, expected) {
      const result = await appendToStream(connection, streamId, 'customer', events.map(toMessage), { expectedStreamVersion: BigInt(expected) });
      if (!result.success) throw new Error(`Emmett refused the append to ${streamId} at ${expected}`);
    },
    async synchronous() {
      return String((await connection.querySingle<{ synchronous: number }>('PRAGMA synchronous'))?.synchronous);
    },
    async close() {
      // Its close() does not wait; fold the WAL in first so the file is whole once this resolves.
      await connection.command('PRAGMA wal_checkpoint(TRUNCATE)');
      connection.close();
    },
  };
}

/** Emmett's own batched reader over the whole log, folding each message with `fold`. */
export async function readAllWithEmmett(fileName: string, batchSize: number, fold: (type: string, data: Record<string, unknown>) => void): Promise<number> {
  const connection = await tunedConnection(fileName);
  let after = 0n;
  let count = 0;
  for (;;) {
    const batch = await readMessagesBatch(connection, { after, batchSize });
    for (const message of batch.messages) fold(message.type, message.data as Record<string, unknown>);
    count += batch.messages.length;
    if (!batch.areEventsLeft || batch.messages.length === 0) break;
    after = batch.currentGlobalPosition;
  }
  connection.close();
  return count;
}
