import { NewEvent, SqliteEventStore, openSqlite } from '@crm/event-store';
import { ReadOperation, SqliteReadStore } from '@crm/read-store';
import { randomUUID } from 'node:crypto';
import { ProjectedEvent, Projection, checkpointName, physicalCollection } from './projection';
import { ProjectionEngine } from './projection-engine';

const interaction = (n: number): NewEvent => ({
  eventId: randomUUID(),
  type: n % 5 === 0 ? 'LeadTagged' : 'InteractionLogged',
  data: { customerId: 'c', interactionId: `i${n}`, leadId: 'l', tags: [], channel: 'call', direction: 'inbound', kind: 'other', summary: 's', occurredAt: '2026-01-01T00:00:00.000Z' },
  metadata: { occurredAt: '2026-01-01T00:00:00.000Z', actor: 't', commandType: 'LogInteraction', commandId: 'c', correlationId: 'c', causationId: 'c', schemaVersion: 1 },
});

/** Counts the interactions it sees (increments: an event applied twice would show). */
const counter = (name: string, handle?: (event: ProjectedEvent) => Promise<void>): Projection => ({
  name,
  version: 1,
  eventTypes: ['InteractionLogged'],
  collections: [{ name: `${name}_counts` }],
  handle: async (event): Promise<ReadOperation[]> => {
    await handle?.(event);
    return [{ type: 'patch', collection: `${name}_counts`, id: 'c', inc: { n: 1 }, upsert: true }];
  },
});

const until = async (check: () => Promise<boolean>, timeoutMs = 10_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

describe('one follower reads the log for every processor of the process', () => {
  const M = 1_000;
  const interactions = M - M / 5;
  const fast = { idleWaitMs: 50, leaseTtlMs: 1_000, minBatch: 16, maxBatch: 64 };
  let events: SqliteEventStore;
  let reads: SqliteReadStore;
  /** Every read of the log past the lag probes (limit 1) of statuses: how many, and how many events they returned. */
  let logReads: { calls: number; events: number };
  const count = async (p: Projection) => (await reads.get(physicalCollection(p, `${p.name}_counts`), 'c'))?.n as number | undefined;

  beforeEach(async () => {
    const db = openSqlite(':memory:');
    events = new SqliteEventStore(db, { pollIntervalMs: 10 });
    reads = new SqliteReadStore(db);
    for (let n = 0; n < M; n += 50) {
      await events.appendToStream('customer-c', Array.from({ length: 50 }, (_, i) => interaction(n + i)), { expectedRevision: 'any' });
    }
    logReads = { calls: 0, events: 0 };
    const readAll = events.readAll.bind(events);
    events.readAll = async (options) => {
      const found = await readAll(options);
      logReads.calls += 1;
      logReads.events += found.length;
      return found;
    };
  });

  it('reads each batch of the log once for all its processors: N processors over M events cost about M/batch reads, not N·M/batch', async () => {
    const processors = ['a', 'b', 'c', 'd', 'e', 'f'].map((name) => counter(name));
    const engine = new ProjectionEngine(processors, events, reads, fast);
    engine.start();
    const head = (await events.headPosition()) as string;
    await engine.waitFor(processors.map((p) => p.name), head, 10_000);
    await engine.stop();
    for (const p of processors) expect(await count(p)).toBe(interactions);
    // 16 + 32 + 64 × 15: about 18 reads of every type, whatever the number of processors (one each: 6 × 18).
    expect(logReads.calls).toBeLessThanOrEqual(Math.ceil(M / fast.maxBatch) + 4);
    expect(logReads.events).toBeLessThanOrEqual(M + fast.maxBatch);
  });

  it('gives the event loop turns during a catch-up on the synchronous SQLite adapters (HTTP requests get through)', async () => {
    let ticks = 0;
    const timer = setInterval(() => (ticks += 1), 1);
    const seen = new Set<number>();
    // 800 interactions × 6 processors × 0.1 ms of work each: about half a second without a pause.
    const busy = async () => {
      seen.add(ticks);
      const until = performance.now() + 0.1;
      while (performance.now() < until);
    };
    const processors = ['a', 'b', 'c', 'd', 'e', 'f'].map((name) => counter(name, busy));
    const engine = new ProjectionEngine(processors, events, reads, { ...fast, maxBatch: 4096 });
    try {
      engine.start();
      await engine.waitFor(processors.map((p) => p.name), (await events.headPosition()) as string, 10_000);
    } finally {
      clearInterval(timer);
      await engine.stop();
    }
    // Timers ran between the handlers' calls many times, not only once the catch-up was done.
    expect(seen.size).toBeGreaterThanOrEqual(5);
  });

  it('lets a processor far behind catch up without holding back the live ones', async () => {
    const live = ['a', 'b', 'c'].map((name) => counter(name));
    const head = (await events.headPosition()) as string;
    // The live ones have applied the whole log (here: nothing of theirs yet, so a new event shows as 1).
    await reads.applyBatch([], { name: checkpointName(live[0]), position: head });
    await reads.applyBatch([], { name: checkpointName(live[1]), position: head });
    await reads.applyBatch([], { name: checkpointName(live[2]), position: head });
    // A new projection starts from the beginning of the log, a millisecond per event.
    const laggard = counter('laggard', () => new Promise((resolve) => setTimeout(resolve, 1)));
    const engine = new ProjectionEngine([laggard, ...live], events, reads, fast);
    engine.start();
    try {
      await until(async () => ((await count(laggard)) ?? 0) > 0);
      await events.appendToStream('customer-c', [interaction(M + 1)], { expectedRevision: 'any' });
      const newHead = (await events.headPosition()) as string;
      await engine.waitFor(live.map((p) => p.name), newHead, 2_000);
      for (const p of live) expect(await count(p)).toBe(1);
      // The laggard is still far from the head: the live ones did not wait for its catch-up.
      expect(Number((await reads.getCheckpoint(checkpointName(laggard))) ?? 0)).toBeLessThan(M / 2);
      const statuses = await engine.statuses();
      expect(statuses.find((s) => s.name === 'laggard')?.status).toBe('catching-up');
      expect(statuses.filter((s) => s.name !== 'laggard').map((s) => s.status)).toEqual(['live', 'live', 'live']);
      await engine.waitFor([laggard.name], newHead, 10_000);
      expect(await count(laggard)).toBe(interactions + 1);
    } finally {
      await engine.stop();
    }
  }, 20_000);
});
