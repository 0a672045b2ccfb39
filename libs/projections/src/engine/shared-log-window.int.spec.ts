import { NewEvent, Position, RecordedEvent, SqliteEventStore, openSqlite } from '@crm/event-store';
import { randomUUID } from 'node:crypto';
import { SharedLogWindow } from './shared-log-window';

const TYPES = ['InteractionLogged', 'PurchaseRecorded', 'CostRecorded'];
const event = (n: number): NewEvent => ({
  eventId: randomUUID(),
  type: TYPES[n % 7 === 0 ? 1 : n % 3 === 0 ? 2 : 0],
  data: { n },
  metadata: { occurredAt: '2026-01-01T00:00:00.000Z', actor: 't', commandType: 'T', commandId: 'c', correlationId: 'c', causationId: 'c', schemaVersion: 1 },
});

/** A reader as a runner reads: batches of its types after its position, until a batch is not full. */
async function readToEnd(read: (after: Position | undefined) => Promise<RecordedEvent[]>, limit: number): Promise<number[]> {
  const seen: number[] = [];
  let after: Position | undefined;
  for (;;) {
    const batch = await read(after);
    seen.push(...batch.map((e) => (e.data as { n: number }).n));
    if (batch.length < limit) return seen;
    after = batch[batch.length - 1].position;
  }
}

describe('shared log window (given a log, when readers catch up through it, then each gets exactly what readAll gives)', () => {
  let store: SqliteEventStore;
  let storeReads: { after?: Position; eventTypes?: readonly string[] }[];

  beforeEach(async () => {
    store = new SqliteEventStore(openSqlite(':memory:'));
    for (let n = 0; n < 300; n += 10) {
      await store.appendToStream(`customer-${n % 7}`, Array.from({ length: 10 }, (_, i) => event(n + i)), { expectedRevision: 'any' });
    }
    storeReads = [];
    const readAll = store.readAll.bind(store);
    store.readAll = (options) => {
      storeReads.push(options);
      return readAll(options);
    };
  });

  const direct = async (types: string[], limit: number) => readToEnd((after) => store.readAll({ after, limit, eventTypes: types }), limit);

  const readers = [
    { types: ['InteractionLogged'], limit: 16 },
    { types: ['PurchaseRecorded', 'CostRecorded'], limit: 7 },
    { types: TYPES, limit: 64 },
  ];

  it('serves a pack of readers with different types and batch sizes from one read of each stretch of the log', async () => {
    const window = new SharedLogWindow(store, { chunk: 50, maxWaitMs: 1_000 });
    const got = await Promise.all(
      readers.map((reader) => {
        const self = {};
        return readToEnd((after) => window.readAll(self, after, reader.limit, new Set(reader.types)), reader.limit).finally(() => window.leave(self));
      }),
    );
    const typedReads = storeReads.filter((read) => read.eventTypes !== undefined).length;
    const windowReads = storeReads.length - typedReads;
    expect(windowReads).toBeLessThanOrEqual(300 / 50 + 1);
    for (const [i, reader] of readers.entries()) expect(got[i]).toEqual(await direct(reader.types, reader.limit));
    // What readAll at the head of the log answers (the window held it all) aside, no reader went its own way.
    expect(typedReads).toBeLessThanOrEqual(readers.length);
  });

  it('moves on without a reader that stopped reading, after maxWaitMs, and still answers exactly', async () => {
    const window = new SharedLogWindow(store, { chunk: 50, maxWaitMs: 10 });
    const stalled = {};
    await window.readAll(stalled, undefined, 5, new Set(TYPES)); // joins the pack, then never reads again
    const self = {};
    const got = await readToEnd((after) => window.readAll(self, after, 16, new Set(['InteractionLogged'])), 16);
    expect(got).toEqual(await direct(['InteractionLogged'], 16));
  });

  it('reads directly for a reader behind the window the others use', async () => {
    const window = new SharedLogWindow(store, { chunk: 50, maxWaitMs: 1_000 });
    const ahead = {};
    const first = await window.readAll(ahead, undefined, 100, new Set(TYPES)); // the window now holds events 51–100 (or later)
    expect(first).toHaveLength(100);
    const windowReads = storeReads.length;
    const behind = {};
    const got = await window.readAll(behind, undefined, 10, new Set(['CostRecorded']));
    expect(storeReads.slice(windowReads)).toEqual([{ after: undefined, limit: 10, eventTypes: ['CostRecorded'] }]); // the window stayed where the pack is
    expect(got).toEqual(await store.readAll({ limit: 10, eventTypes: ['CostRecorded'] }));
  });

  it('never skips events appended after the window reached the head of the log', async () => {
    const window = new SharedLogWindow(store, { chunk: 1_000, maxWaitMs: 1_000 });
    const self = {};
    const all = await window.readAll(self, undefined, 1_000, new Set(TYPES));
    expect(all).toHaveLength(300);
    await store.appendToStream('customer-new', [event(300), event(301)], { expectedRevision: 'any' });
    const more = await window.readAll(self, all[all.length - 1].position, 1_000, new Set(TYPES));
    expect(more.map((e) => (e.data as { n: number }).n)).toEqual([300, 301]);
    // And from the middle of the window, the held events and the new ones together.
    const tail = await window.readAll(self, all[289].position, 1_000, new Set(TYPES));
    expect(tail.map((e) => (e.data as { n: number }).n)).toEqual([290, 291, 292, 293, 294, 295, 296, 297, 298, 299, 300, 301]);
  });

  it('never goes back before the cursor when the window was read while the log was empty', async () => {
    const empty = new SqliteEventStore(openSqlite(':memory:'));
    const window = new SharedLogWindow(empty, { chunk: 50, maxWaitMs: 1_000 });
    const self = {};
    expect(await window.readAll(self, undefined, 4, new Set(TYPES))).toEqual([]);
    await empty.appendToStream('customer-late', [0, 1, 2, 3, 4].map(event), { expectedRevision: 'any' });
    const [, second] = await empty.readAll({ limit: 2 });
    const got = await window.readAll(self, second.position, 4, new Set(TYPES));
    expect(got.map((e) => (e.data as { n: number }).n)).toEqual([2, 3, 4]);
  });
});
