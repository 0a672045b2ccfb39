import { NewEvent, SqliteEventStore, openSqlite } from '@crm/event-store';
import { ReadStore } from '@crm/read-store';
import { randomUUID } from 'node:crypto';
import { ProjectedEvent, Projection, physicalCollection } from '../engine/projection';
import { ProjectionEngine } from '../engine/projection-engine';
import { RebuildJob, RebuildJobs } from '../engine/rebuild-jobs';
import { until } from './until';

const TTL = 400;
const fast = { idleWaitMs: 20, leaseTtlMs: TTL, retryStoreMs: 10, minBatch: 4, maxBatch: 16 };

const interaction = (n: number): NewEvent => ({
  eventId: randomUUID(),
  type: 'InteractionLogged',
  data: { customerId: 'c', interactionId: `i${n}`, channel: 'call', direction: 'inbound', kind: 'other', summary: 's', occurredAt: '2026-01-01T00:00:00.000Z' },
  metadata: { occurredAt: '2026-01-01T00:00:00.000Z', actor: 't', commandType: 'LogInteraction', commandId: 'c', correlationId: 'c', causationId: 'c', schemaVersion: 1 },
});

/**
 * What the engine keeps in the read store so that every process sees it (architecture.md "One
 * engine follows the log"): processors' checkpoints and leases, rebuild jobs and their lease,
 * generation allocation. Run against every ReadStore adapter; names are unique per test, so one
 * database serves the whole suite.
 */
export function engineStateContract(open: () => Promise<ReadStore>): void {
  let reads: ReadStore;
  let events: SqliteEventStore;
  let name: string;
  const counter = (): Projection => ({
    name,
    version: 1,
    eventTypes: ['InteractionLogged'],
    collections: [{ name: `${name}_counts` }],
    handle: (event: ProjectedEvent) => [{ type: 'patch', collection: `${name}_counts`, id: (event.data as { customerId: string }).customerId, inc: { n: 1 }, upsert: true }],
  });
  const count = async (generation = 0) => (await reads.get(physicalCollection(counter(), `${name}_counts`, generation), 'c'))?.n;

  beforeEach(async () => {
    reads = await open();
    events = new SqliteEventStore(openSqlite(':memory:'), { pollIntervalMs: 10 });
    name = `p${randomUUID().slice(0, 8)}`;
    for (let i = 0; i < 40; i++) await events.appendToStream('customer-c', [interaction(i)], { expectedRevision: 'any' });
  });
  afterEach(() => reads.close());

  it('lets exactly one of several processes claim a rebuild, its holder renew it, and another claim it once released', async () => {
    const jobs = new RebuildJobs(reads, 60_000);
    const claims = await Promise.all(['a', 'b', 'c', 'd', 'e'].map((owner) => jobs.claim(name, owner)));
    expect(claims.filter(Boolean)).toHaveLength(1);
    const holder = ['a', 'b', 'c', 'd', 'e'][claims.indexOf(true)];
    expect(await jobs.claim(name, holder)).toBe(true);
    await jobs.release(name, holder);
    expect(await jobs.claim(name, 'f')).toBe(true);
  });

  it('keeps jobs where every process reads them: the latest per projection, a finished one as it ended, a running one nobody runs as failed', async () => {
    const jobs = new RebuildJobs(reads, TTL);
    const job: RebuildJob = { id: randomUUID(), projection: name, generation: 1, status: 'running', startedAt: new Date().toISOString(), position: null, head: null, eventsPerSecond: null, etaSeconds: null };
    expect(await jobs.claim(name, 'a')).toBe(true);
    await jobs.save(job, true);
    await jobs.save({ ...job, position: '20', head: '40', eventsPerSecond: 100, etaSeconds: 1 });
    expect(await jobs.get(job.id)).toEqual({ ...job, position: '20', head: '40', eventsPerSecond: 100, etaSeconds: 1 });
    expect((await jobs.latest(name))?.id).toBe(job.id);
    // Its process dies: the lease lapses and the job reads as failed.
    await until(async () => (await jobs.get(job.id))?.status === 'failed', 3 * TTL);
    // The next job replaces it as the latest; the first stays failed even while the next one's lease is held.
    const next = { ...job, id: randomUUID(), generation: 2 };
    expect(await jobs.claim(name, 'b')).toBe(true);
    await jobs.save(next, true);
    expect((await jobs.latest(name))?.id).toBe(next.id);
    expect((await jobs.get(job.id))?.status).toBe('failed');
    await jobs.save({ ...next, status: 'switched', finishedAt: new Date().toISOString() });
    await jobs.release(name, 'b');
    expect((await jobs.get(next.id))?.status).toBe('switched');
    expect(await jobs.get('latest:' + name)).toBeUndefined();
    expect(await jobs.get(randomUUID())).toBeUndefined();
  });

  it('runs a projection in one of two processes, applying each event once, and passes it on when that one stops', async () => {
    const one = new ProjectionEngine([counter()], events, reads, { ...fast, owner: 'one' });
    const two = new ProjectionEngine([counter()], events, reads, { ...fast, owner: 'two' });
    one.start();
    two.start();
    await until(async () => (await count()) === 40);
    await one.stop();
    for (let i = 40; i < 50; i++) await events.appendToStream('customer-c', [interaction(i)], { expectedRevision: 'any' });
    await until(async () => (await count()) === 50);
    await two.stop();
    expect(await count()).toBe(50);
  }, 20_000);

  it('answers a rebuild asked for on two processes at once with one job, in one new generation, followed to switched from both', async () => {
    const one = new ProjectionEngine([counter()], events, reads, { ...fast, owner: 'one' });
    const two = new ProjectionEngine([counter()], events, reads, { ...fast, owner: 'two', passive: true });
    const [a, b] = await Promise.all([one.rebuild(name), two.rebuild(name)]);
    expect(b.id).toBe(a.id);
    expect(a.generation).toBe(1);
    const runner = one.job(a.id) ? one : two;
    expect((await runner.whenFinished(a.id)).status).toBe('switched');
    for (const engine of [one, two]) expect(await engine.sharedJob(a.id)).toEqual(expect.objectContaining({ status: 'switched', generation: 1 }));
    expect(await one.catalog.activeGeneration(counter())).toBe(1);
    expect(await count(1)).toBe(40);
    await Promise.all([one.stop(), two.stop()]);
  }, 20_000);
}
