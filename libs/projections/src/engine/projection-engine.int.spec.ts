import { NewEvent, SqliteEventStore, openSqlite } from '@crm/event-store';
import { ReadOperation, ReadStore, SqliteReadStore } from '@crm/read-store';
import { ProjectedEvent, checkpointName, physicalCollection } from './projection';
import { ProjectionEngine, ProjectionTimeoutError } from './projection-engine';
import { sharedStatus } from './shared-status';
import { RebuildJobs } from './rebuild-jobs';
import { until } from '../testing/until';
import { counter, interaction } from '../testing/counter-projection';

const other = (): NewEvent => ({ ...interaction('x', 0), type: 'LeadTagged', data: { leadId: 'l', tags: [], taggedAt: '2026-01-01T00:00:00.000Z' } });


describe('projection engine on SQLite', () => {
  let events: SqliteEventStore;
  let reads: SqliteReadStore;
  const fast = { idleWaitMs: 50, retryFailedMs: 30, leaseTtlMs: 300, minBatch: 4, maxBatch: 16 };
  const count = async (reads: ReadStore, id: string, projection = counter()) => (await reads.get(physicalCollection(projection, 'counts'), id))?.n as number | undefined;

  beforeEach(() => {
    const db = openSqlite(':memory:');
    events = new SqliteEventStore(db, { pollIntervalMs: 10 });
    reads = new SqliteReadStore(db);
  });

  async function appendInteractions(customerId: string, from: number, n: number) {
    for (let i = from; i < from + n; i++) await events.appendToStream(`customer-${customerId}`, [interaction(customerId, i)], { expectedRevision: 'any' });
  }

  it('catches up over history in batches, then follows live events', async () => {
    await appendInteractions('a', 0, 50);
    await events.appendToStream('lead-l', [other()], { expectedRevision: 'any' });
    const engine = new ProjectionEngine([counter()], events, reads, fast);
    engine.start();
    await until(async () => (await count(reads, 'a')) === 50);
    await until(async () => (await engine.statuses())[0].status === 'live');
    const [status] = await engine.statuses();
    expect(status).toEqual(expect.objectContaining({ name: 'counter', status: 'live', position: await events.headPosition(), lagEvents: 0 }));

    await appendInteractions('a', 50, 3);
    await until(async () => (await count(reads, 'a')) === 53);
    await engine.stop();
  });

  it('answers read-your-writes waits, and times out with a clear error', async () => {
    const engine = new ProjectionEngine([counter()], events, reads, fast);
    engine.start();
    await appendInteractions('b', 0, 5);
    const head = (await events.headPosition()) as string;
    expect(await engine.waitFor(['counter'], head, 5000)).toBe(head);
    expect(await count(reads, 'b')).toBe(5);
    await expect(engine.waitFor(['counter'], String(BigInt(head) + 100n), 50)).rejects.toBeInstanceOf(ProjectionTimeoutError);
    await engine.stop();
  });

  it('never applies an event twice when a batch fails to commit (crash between apply and checkpoint)', async () => {
    await appendInteractions('c', 0, 40);
    let commits = 0;
    const flaky = Object.create(reads) as ReadStore;
    flaky.applyBatch = async (...args) => {
      if (++commits % 3 === 0) throw new Error('simulated crash before commit');
      return reads.applyBatch(...args);
    };
    const engine = new ProjectionEngine([counter()], events, flaky, { ...fast });
    engine.start();
    await until(async () => (await count(reads, 'c')) === 40, 10_000);
    await engine.stop();
    expect(await count(reads, 'c')).toBe(40);
  });

  it('survives a store whose reads and subscriptions fail mid-stream: backs off, resumes from its checkpoint, loses and doubles nothing', async () => {
    await appendInteractions('s', 0, 120);
    // Every third read of the log throws after the store handed out part of the log, alternating
    // a plain error with EventStoreDB's UNAVAILABLE; every other subscription breaks when its first event arrives.
    let reads_ = 0;
    let failures = 0;
    let dropped = 0;
    const unavailable = () => Object.assign(new Error('14 UNAVAILABLE: connection dropped'), { type: 'unavailable' });
    const flaky = Object.create(events) as SqliteEventStore;
    flaky.readAll = async (options) => {
      if (++reads_ % 3 === 0) {
        failures += 1;
        throw failures % 2 ? new Error('subscription dropped after N events') : unavailable();
      }
      return events.readAll(options);
    };
    let subscriptions = 0;
    flaky.subscribeToAll = (options) => {
      const inner = events.subscribeToAll(options);
      const breaks = ++subscriptions % 2 === 0;
      return {
        close: () => inner.close(),
        async *[Symbol.asyncIterator]() {
          for await (const event of inner) {
            if (breaks) {
              dropped += 1;
              throw unavailable();
            }
            yield event;
          }
        },
      };
    };
    const engine = new ProjectionEngine([counter()], flaky, reads, { ...fast, retryStoreMs: 5, maxRetryStoreMs: 40 });
    engine.start();
    await until(async () => (await count(reads, 's')) === 120, 10_000);
    // Live events, one at a time with pauses, wake the runner through the breaking subscription.
    for (let i = 120; i < 150; i += 3) {
      await appendInteractions('s', i, 3);
      await new Promise((resolve) => setTimeout(resolve, 30));
    }
    await until(async () => (await count(reads, 's')) === 150, 10_000);
    await engine.stop();
    expect(await count(reads, 's')).toBe(150);
    expect(failures).toBeGreaterThanOrEqual(3);
    expect(dropped).toBeGreaterThanOrEqual(1);
  });

  it('resumes from its checkpoint after a restart mid-stream', async () => {
    await appendInteractions('d', 0, 30);
    const first = new ProjectionEngine([counter()], events, reads, fast);
    first.start();
    await until(async () => ((await count(reads, 'd')) ?? 0) > 0);
    await first.stop();
    await appendInteractions('d', 30, 30);
    const second = new ProjectionEngine([counter()], events, reads, fast);
    second.start();
    await until(async () => (await count(reads, 'd')) === 60);
    await second.stop();
    expect(await count(reads, 'd')).toBe(60);
  });

  it('stops only the failing projection, reports the event, and resumes once fixed', async () => {
    await appendInteractions('e', 0, 10);
    let broken = true;
    const fragile = counter({
      name: 'fragile',
      handle: (event) => {
        if (broken && (event.data as { interactionId: string }).interactionId === 'i5') throw new Error('cannot handle i5');
        return counter().handle(event, undefined as never) as ReadOperation[];
      },
    });
    const healthy = counter({ name: 'healthy', version: 2 });
    const engine = new ProjectionEngine([fragile, healthy], events, reads, { ...fast, retryFailedMs: 50 });
    engine.start();
    await until(async () => (await count(reads, 'e', healthy)) === 10);
    await until(async () => (await engine.statuses()).find((s) => s.name === 'fragile')?.status === 'failed');
    const failed = (await engine.statuses()).find((s) => s.name === 'fragile');
    expect(failed?.error).toEqual(expect.objectContaining({ type: 'InteractionLogged', message: 'cannot handle i5', position: expect.any(String) }));
    expect((await count(reads, 'e', fragile)) ?? 0).toBeLessThan(10);

    broken = false;
    await until(async () => (await count(reads, 'e', fragile)) === 10);
    await until(async () => (await engine.statuses()).find((s) => s.name === 'fragile')?.status === 'live');
    await engine.stop();
  });

  it('fails a handler that mutates a document in place instead of letting it corrupt the batch (checked under Jest)', async () => {
    await appendInteractions('m', 0, 3);
    const mutating = counter({
      name: 'mutating',
      handle: async (event, view) => {
        const id = (event.data as { customerId: string }).customerId;
        const doc = await view.get('counts', id);
        if (!doc) return [{ type: 'upsert', collection: 'counts', document: { id, n: 1 } }];
        doc.n = (doc.n as number) + 1; // the bug: documents belong to the engine
        return [{ type: 'upsert', collection: 'counts', document: doc }];
      },
    });
    const engine = new ProjectionEngine([mutating], events, reads, fast);
    engine.start();
    await until(async () => (await engine.statuses())[0].status === 'failed');
    expect((await engine.statuses())[0].error?.message).toMatch(/read only|read-only|Cannot assign/i);
    await engine.stop();
  });

  it('lets one of two processes hold the lease; the other takes over when it stops', async () => {
    await appendInteractions('f', 0, 20);
    const one = new ProjectionEngine([counter()], events, reads, { ...fast, owner: 'one' });
    const two = new ProjectionEngine([counter()], events, reads, { ...fast, owner: 'two' });
    one.start();
    await until(async () => (await count(reads, 'f')) === 20);
    two.start();
    // On standby, two reports the state one shares.
    await until(async () => (await two.statuses())[0].status === 'live');
    await appendInteractions('f', 20, 10);
    await until(async () => (await count(reads, 'f')) === 30);
    await one.stop();
    await appendInteractions('f', 30, 10);
    await until(async () => (await count(reads, 'f')) === 40);
    expect((await two.statuses())[0].status).toBe('live');
    await two.stop();
    expect(await count(reads, 'f')).toBe(40);
  });

  it('leaves a projection to the projector process when passive: never applies, reports the checkpoint and state committed there, still rebuilds on request', async () => {
    await appendInteractions('g', 0, 10);
    const observer = new ProjectionEngine([counter()], events, reads, { ...fast, owner: 'api', passive: true });
    observer.start();
    await until(async () => (await observer.statuses())[0].status === 'stopped'); // no process runs it
    await new Promise((resolve) => setTimeout(resolve, 3 * fast.leaseTtlMs)); // long enough to have taken a free lease
    expect(await count(reads, 'g')).toBeUndefined();
    expect((await observer.statuses())[0].position).toBeNull();

    const projector = new ProjectionEngine([counter()], events, reads, { ...fast, owner: 'projector' });
    projector.start();
    const head = (await events.headPosition()) as string;
    expect(await observer.waitFor(['counter'], head, 5000)).toBe(head);
    expect(await count(reads, 'g')).toBe(10);
    await until(async () => (await observer.statuses())[0].position === head);
    expect((await observer.statuses())[0].status).toBe('live');

    const job = await observer.rebuild('counter');
    expect((await observer.whenFinished(job.id)).status).toBe('switched');
    const generation = await observer.catalog.activeGeneration(counter());
    expect(generation).toBeGreaterThan(0);
    await appendInteractions('g', 10, 2);
    // The projector follows the generation the rebuild switched readers to.
    await until(async () => (await reads.get(physicalCollection(counter(), 'counts', generation), 'g'))?.n === 12);
    await projector.stop();
    await observer.stop();
  }, 20_000); // the replaced generation is dropped 5 s after the switch

  it("shows the projector's failure (with its error) in the watching process, then its recovery, and stopped once it stops", async () => {
    let broken = true;
    const flaky = () => counter({ handle: (event: ProjectedEvent): ReadOperation[] => {
      if (broken && (event.data as { interactionId: string }).interactionId === 'i5') throw new Error('no handler for this one');
      return counter().handle(event, { get: async () => undefined }) as ReadOperation[];
    } });
    await appendInteractions('h', 0, 6);
    const observer = new ProjectionEngine([flaky()], events, reads, { ...fast, owner: 'api', passive: true });
    const projector = new ProjectionEngine([flaky()], events, reads, { ...fast, owner: 'projector' });
    observer.start();
    projector.start();
    await until(async () => (await observer.statuses())[0].status === 'failed');
    const [failed] = await observer.statuses();
    expect(failed.error).toEqual(expect.objectContaining({ message: 'no handler for this one', type: 'InteractionLogged' }));
    expect(await count(reads, 'h')).toBe(4); // the first batch (4 events) committed, the second stopped at i5

    broken = false; // the fix is deployed: the projector's retry succeeds
    await until(async () => (await observer.statuses())[0].status === 'live');
    expect((await observer.statuses())[0].error).toBeUndefined();
    expect(await count(reads, 'h')).toBe(6);

    await projector.stop();
    expect((await observer.statuses())[0].status).toBe('stopped');
    await observer.stop();
  });
  it('shows stopped once a projector killed mid-run (its `live` left behind) has let its lease expire', async () => {
    await appendInteractions('k', 0, 3);
    const checkpoint = checkpointName(counter());
    // What a projector killed with SIGKILL leaves: its shared state, and a lease nobody renews.
    await reads.applyBatch([sharedStatus.write(checkpoint, { state: 'live' })]);
    await reads.tryAcquireLease(`projection:${checkpoint}`, 'killed-projector', 1_500);
    const observer = new ProjectionEngine([counter()], events, reads, { ...fast, owner: 'api', passive: true });
    observer.start();
    try {
      await until(async () => (await observer.statuses())[0].status === 'live', 1_000); // while the lease lasts, its word stands
      await until(async () => (await observer.statuses())[0].status === 'stopped');
    } finally {
      await observer.stop();
    }
  });

  it('keeps rebuild jobs in the read store: a rebuild asked for on one process is answered by its running job on another, and followed to switched from there', async () => {
    await appendInteractions('r', 0, 200);
    const slow = () => counter({ handle: async (event: ProjectedEvent) => {
      await new Promise((resolve) => setTimeout(resolve, 1)); // long enough for a second request to find it running
      return counter().handle(event, { get: async () => undefined });
    } });
    const one = new ProjectionEngine([slow()], events, reads, { ...fast, owner: 'one', maxBatch: 8 });
    const two = new ProjectionEngine([slow()], events, reads, { ...fast, owner: 'two', passive: true });
    const job = await one.rebuild('counter');
    const again = await two.rebuild('counter');
    expect(again.id).toBe(job.id);
    expect(await one.rebuild('counter')).toEqual(expect.objectContaining({ id: job.id }));
    await until(async () => (await two.statuses())[0].status === 'rebuilding');
    // Followed from the process that did not start it: progress, then switched.
    await until(async () => ((await two.sharedJob(job.id))?.position ?? null) !== null);
    await until(async () => (await two.sharedJob(job.id))?.status === 'switched', 10_000);
    const seen = await two.sharedJob(job.id);
    expect(seen).toEqual(expect.objectContaining({ projection: 'counter', generation: job.generation, status: 'switched', etaSeconds: 0 }));
    expect(await count(reads, 'r', slow())).toBeUndefined(); // generation 0 is not what readers use any more
    expect((await reads.get(physicalCollection(counter(), 'counts', job.generation), 'r'))?.n).toBe(200);
    // The lease passed back: a new request on the other process starts a new job there, in the next generation.
    const next = await two.rebuild('counter');
    expect(next.id).not.toBe(job.id);
    expect(next.generation).toBe(job.generation + 1);
    expect((await two.whenFinished(next.id)).status).toBe('switched');
    expect(await two.sharedJob('nope')).toBeUndefined();
    await Promise.all([one.stop(), two.stop()]);
  }, 30_000);

  it('shows a rebuild as failed once its process stopped, or died (its lease lapsed), and lets another process start one', async () => {
    await appendInteractions('s', 0, 400);
    const slow = () => counter({ handle: async (event: ProjectedEvent) => {
      await new Promise((resolve) => setTimeout(resolve, 2));
      return counter().handle(event, { get: async () => undefined });
    } });
    const one = new ProjectionEngine([slow()], events, reads, { ...fast, owner: 'one', maxBatch: 8 });
    const two = new ProjectionEngine([counter()], events, reads, { ...fast, owner: 'two', passive: true });
    const job = await one.rebuild('counter');
    expect((await two.sharedJob(job.id))?.status).toBe('running');
    await one.stop(); // cuts the rebuild short
    expect((await one.whenFinished(job.id)).status).toBe('failed');
    expect(await two.sharedJob(job.id)).toEqual(expect.objectContaining({ status: 'failed', error: expect.stringMatching(/stopped/) }));
    const next = await two.rebuild('counter');
    expect(next.id).not.toBe(job.id);
    expect((await two.whenFinished(next.id)).status).toBe('switched');

    // A process killed mid-rebuild leaves its job `running` and its lease to lapse.
    const dead = { ...job, id: 'killed-one', generation: 99 };
    const jobs = new RebuildJobs(reads, fast.leaseTtlMs);
    expect(await jobs.claim('counter', 'killed')).toBe(true);
    await jobs.save(dead, true);
    expect((await two.sharedJob('killed-one'))?.status).toBe('running');
    await until(async () => (await two.sharedJob('killed-one'))?.status === 'failed', 2_000);
    expect((await two.sharedJob(job.id))?.status).toBe('failed'); // an older job stays what it was
    await two.stop();
  }, 30_000);
});
