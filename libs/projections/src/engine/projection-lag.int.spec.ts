import { NewEvent, SqliteEventStore, openSqlite } from '@crm/event-store';
import { ReadOperation, SqliteReadStore } from '@crm/read-store';
import { randomUUID } from 'node:crypto';
import { ProjectedEvent, Projection, checkpointName } from './projection';
import { ProjectionEngine } from './projection-engine';
import { ProjectionStatus } from './processor-status';
import { until } from '../testing/until';

/**
 * api.md: "Lag is true whatever the status: `events` is how many events of the log lie past the
 * projection's position, `ms` how long ago the oldest of them was recorded (0 when none)".
 * Event n (position n) is recorded a minute after event n-1, a day ago, so a lag read from the
 * wrong event (the last applied, the newest) is off by at least a minute.
 */
const N = 10;
const MINUTE = 60_000;
const SLACK = 5_000;

const interaction = (n: number): NewEvent => ({
  eventId: randomUUID(),
  type: 'InteractionLogged',
  data: { customerId: 'c', interactionId: `i${n}`, channel: 'call', direction: 'inbound', kind: 'other', summary: 's', occurredAt: '2026-01-01T00:00:00.000Z' },
  metadata: { occurredAt: '2026-01-01T00:00:00.000Z', actor: 't', commandType: 'LogInteraction', commandId: 'c', correlationId: 'c', causationId: 'c', schemaVersion: 1 },
});

const projection = (handle: Projection['handle'] = () => []): Projection => ({ name: 'lagging', version: 1, eventTypes: ['InteractionLogged'], collections: [{ name: 'docs' }], handle });
const nth = (event: ProjectedEvent) => Number((event.data as { interactionId: string }).interactionId.slice(1));

describe('projection lag, whatever the status', () => {
  let events: SqliteEventStore;
  let reads: SqliteReadStore;
  let recordedFrom: number;
  const fast = { idleWaitMs: 50, retryFailedMs: 60_000, leaseTtlMs: 300, minBatch: 4, maxBatch: 4 };
  let engines: ProjectionEngine[] = [];
  const engine = (p: Projection, options: object = {}) => {
    const made = new ProjectionEngine([p], events, reads, { ...fast, ...options });
    engines.push(made);
    made.start();
    return made;
  };
  const statusOf = async (e: ProjectionEngine): Promise<ProjectionStatus> => (await e.statuses())[0];

  /** The lag of a projection at `position` (null: nothing applied): the age of event position+1. */
  const expectLag = (status: ProjectionStatus, position: number | null) => {
    const past = N - (position ?? 0);
    expect(status.position).toBe(position === null ? null : String(position));
    expect(status.lagEvents).toBe(past);
    const expected = past === 0 ? 0 : Date.now() - (recordedFrom + (position ?? 0) * MINUTE);
    expect(Math.abs(status.lagMs - expected)).toBeLessThan(SLACK);
  };

  beforeEach(async () => {
    const db = openSqlite(':memory:');
    recordedFrom = Date.now() - 24 * 60 * MINUTE;
    let appended = 0;
    events = new SqliteEventStore(db, { pollIntervalMs: 10, clock: () => new Date(recordedFrom + appended++ * MINUTE) });
    reads = new SqliteReadStore(db);
    for (let n = 1; n <= N; n++) await events.appendToStream('customer-c', [interaction(n)], { expectedRevision: 'any' });
  });
  afterEach(async () => {
    await Promise.all(engines.map((e) => e.stop()));
    engines = [];
  });

  it('stopped (no process runs it): every event is past it, the oldest is the first of the log', async () => {
    const observer = engine(projection(), { owner: 'api', passive: true });
    await until(async () => (await statusOf(observer)).status === 'stopped');
    expectLag(await statusOf(observer), null);
  });

  it('standby (another process holds the lease): from the checkpoint that process committed', async () => {
    await reads.applyBatch([], { name: checkpointName(projection()), position: '3' });
    await reads.tryAcquireLease(`projection:${checkpointName(projection())}`, 'the-projector', 60_000);
    const beside = engine(projection(), { owner: 'api' });
    await until(async () => (await statusOf(beside)).status === 'standby');
    expectLag(await statusOf(beside), 3);
  });

  it('failed: the oldest event past it is the one that failed, not the last one applied', async () => {
    const failing = engine(projection((event) => {
      if (nth(event) === 6) throw new Error('no handler for this one');
      return [];
    }), { owner: 'projector' });
    await until(async () => (await statusOf(failing)).status === 'failed');
    expectLag(await statusOf(failing), 4); // the first batch (1-4) committed, the second stopped at 6
  });

  it('catching-up: from the last committed batch', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slow = engine(projection(async (event): Promise<ReadOperation[]> => {
      if (nth(event) === 5) await gate;
      return [];
    }), { owner: 'projector' });
    await until(async () => (await statusOf(slow)).status === 'catching-up');
    expectLag(await statusOf(slow), 4);
    release();
    await until(async () => (await statusOf(slow)).status === 'live');
    expectLag(await statusOf(slow), N);
  });

  it('rebuilding: the lag of the generation readers use', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const observer = engine(projection(async (event): Promise<ReadOperation[]> => {
      if (nth(event) === 2) await gate;
      return [];
    }), { owner: 'api', passive: true });
    const job = await observer.rebuild('lagging');
    await until(async () => (await statusOf(observer)).status === 'rebuilding');
    expectLag(await statusOf(observer), null);
    release();
    await observer.whenFinished(job.id);
  }, 15_000);
});
