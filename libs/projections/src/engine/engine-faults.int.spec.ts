import { SqliteEventStore, openSqlite } from '@crm/event-store';
import { ReadStore, SqliteReadStore } from '@crm/read-store';
import { physicalCollection } from './projection';
import { ProjectionEngine, RebuildStartingError } from './projection-engine';
import { until } from '../testing/until';
import { counter, interaction } from '../testing/counter-projection';

/** Faults found in review of the one-engine work: each case failed before its fix. */
describe('the engine under faults', () => {
  let events: SqliteEventStore;
  let reads: SqliteReadStore;
  const fast = { idleWaitMs: 50, retryFailedMs: 30, leaseTtlMs: 300, minBatch: 4, maxBatch: 16 };
  const count = async (id: string, generation = 0) => (await reads.get(physicalCollection(counter(), 'counts', generation), id))?.n as number | undefined;
  const append = async (id: string, from: number, n: number) => {
    for (let i = from; i < from + n; i++) await events.appendToStream(`customer-${id}`, [interaction(id, i)], { expectedRevision: 'any' });
  };

  beforeEach(() => {
    const db = openSqlite(':memory:');
    events = new SqliteEventStore(db, { pollIntervalMs: 10 });
    reads = new SqliteReadStore(db);
  });

  it('a holder frozen past its lease, which another process held and released meanwhile, resumes from the committed checkpoint, not from what it remembers', async () => {
    await append('a', 0, 40);
    let frozen = false;
    let thaw!: () => void;
    let gate = Promise.resolve();
    const gated = Object.create(reads) as ReadStore;
    for (const method of ['get', 'getCheckpoint', 'applyBatch', 'tryAcquireLease', 'releaseLease', 'leaseHeld', 'ensureIndexes'] as const) {
      const original = (reads[method] as (...args: unknown[]) => Promise<unknown>).bind(reads);
      (gated as unknown as Record<string, unknown>)[method] = async (...args: unknown[]) => {
        while (frozen) await gate;
        return original(...args);
      };
    }
    const one = new ProjectionEngine([counter()], events, gated, { ...fast, owner: 'one' });
    one.start();
    await until(async () => (await count('a')) === 40);
    await until(async () => (await one.statuses())[0].status === 'live');
    // "SIGSTOP": every read-store call of process one waits.
    gate = new Promise((resolve) => (thaw = resolve));
    frozen = true;
    await append('a', 40, 20);
    await new Promise((resolve) => setTimeout(resolve, 2 * fast.leaseTtlMs));
    const two = new ProjectionEngine([counter()], events, reads, { ...fast, owner: 'two' });
    two.start();
    await until(async () => (await count('a')) === 60);
    await two.stop(); // releases the lease cleanly
    frozen = false;
    thaw();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const after = await count('a');
    await one.stop();
    // Every event applied once would leave 60.
    expect(after).toBe(60);
  }, 20_000);

  it('retries a rebuild switch the store refused (busy) and then switches, rather than leave the job running for ever', async () => {
    await append('b', 0, 20);
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    let failSwitch = true;
    const flaky = Object.create(reads) as ReadStore;
    flaky.applyBatch = async (operations, checkpoint, fence) => {
      const isSwitch = operations.some((op) => op.type === 'upsert' && op.collection === 'projection_registry' && op.document.activeGeneration === 1);
      if (failSwitch && isSwitch) {
        failSwitch = false;
        throw Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
      }
      return reads.applyBatch(operations, checkpoint, fence);
    };
    const engine = new ProjectionEngine([counter()], events, flaky, { ...fast, retryStoreMs: 20 });
    const job = await engine.rebuild('counter');
    await until(async () => (await engine.sharedJob(job.id))?.status === 'switched', 5_000);
    expect(await engine.catalog.activeGeneration(counter())).toBe(1);
    expect(failSwitch).toBe(false); // the switch did fail once
    await engine.stop();
    process.off('unhandledRejection', onUnhandled);
    expect(unhandled).toEqual([]);
  }, 20_000);

  it('lets a process that answered another process\'s job (the CLI beside a server) follow it to its end', async () => {
    await append('c', 0, 20);
    const one = new ProjectionEngine([counter()], events, reads, { ...fast, owner: 'one' });
    const two = new ProjectionEngine([counter()], events, reads, { ...fast, owner: 'two' });
    const a = await one.rebuild('counter');
    const b = await two.rebuild('counter');
    expect(b.id).toBe(a.id);
    expect(await two.whenFinished(b.id)).toEqual(expect.objectContaining({ id: a.id, status: 'switched' }));
    await one.whenFinished(a.id);
    await Promise.all([one.stop(), two.stop()]);
  }, 20_000);

  it('answers a typed error (409 at the edge) while the rebuild lease is held by a process that wrote no job yet', async () => {
    await reads.tryAcquireLease('rebuild:counter', 'ghost', 60_000);
    const engine = new ProjectionEngine([counter()], events, reads, fast);
    await expect(engine.rebuild('counter')).rejects.toBeInstanceOf(RebuildStartingError);
    await engine.stop();
  }, 20_000);

  it('keeps a projection failing in its holder `failed` with its error for the processes that watch, while it waits for its retry (the lease stays renewed)', async () => {
    await append('d', 0, 5);
    const failing = counter({
      handle: () => {
        throw new Error('handler bug');
      },
    });
    const holder = new ProjectionEngine([failing], events, reads, { ...fast, owner: 'holder', retryFailedMs: 3000 });
    const watcher = new ProjectionEngine([failing], events, reads, { ...fast, owner: 'watcher', passive: true });
    holder.start();
    watcher.start();
    const seen = new Set<string>();
    const deadline = Date.now() + 2500;
    while (Date.now() < deadline) {
      const [s] = await watcher.statuses();
      seen.add(`${s.status}${s.error ? '+error' : ''}${s.unattended ? '+unattended' : ''}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const [own] = await holder.statuses();
    await Promise.all([holder.stop(), watcher.stop()]);
    expect(own.status).toBe('failed');
    expect([...seen].filter((state) => state !== 'starting' && state !== 'standby' && state !== 'stopped')).toEqual(['failed+error']);
    expect(seen.has('stopped+unattended')).toBe(false);
    // Before its first batch the watcher may have seen nobody hold it yet; never once it failed.
    const afterFailure = [...seen].slice([...seen].indexOf('failed+error'));
    expect(afterFailure).toEqual(['failed+error']);
  }, 20_000);
});
