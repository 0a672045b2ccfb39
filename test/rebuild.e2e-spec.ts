import { openSqlite } from '@crm/event-store';
import { ALL_PROJECTIONS, ProjectionEngine, readModelDigest } from '@crm/projections';
import { ReadStore, SqliteReadStore } from '@crm/read-store';
import { ProjectionEngineService } from '../apps/api/src/projections/projection-engine.service';
import { appendHistory } from './support/crm-history';
import { day, mixedHistory } from './support/mixed-history';
import { KEYS, TestServer } from './support/test-server';

describe('rebuilding a live projection', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await TestServer.start({ CRM_RATE_LIMIT_PER_SECOND: '0' });
    for (const [name, body] of mixedHistory(60)) await server.mustCommand(name, body);
  }, 60_000);
  afterAll(() => server.stop());

  const get = (path: string, key: string = KEYS.analyst) => server.send('GET', path, undefined, { key });

  it('builds beside the live version under command load, switches readers only when caught up, and ends equal to a fresh rebuild', async () => {
    const before = (await get(`/customers?limit=1000&minPosition=${server.lastPosition}`)).body.items.length;
    const started = await server.send('POST', '/projections/customers/rebuild', undefined, { key: KEYS.analyst });
    expect(started.status).toBe(202);
    const job = started.body.job;

    // Commands keep arriving and reads keep being served while the rebuild runs.
    let extra = 0;
    let reads = 0;
    let status = started.body.status;
    while (status === 'running') {
      await server.mustCommand('RegisterCustomer', { customerId: `late-${extra}`, name: `Late ${extra}`, registeredAt: day(5) });
      extra += 1;
      const page = await get('/customers?limit=1000');
      // Never a half-built version: every answer holds at least the customers there were before.
      expect(page.body.items.length).toBeGreaterThanOrEqual(before);
      reads += 1;
      status = (await get(`/projections/customers/rebuilds/${job}`)).body.status;
    }
    expect(status).toBe('switched');
    const progress = (await get(`/projections/customers/rebuilds/${job}`)).body;
    expect(progress).toEqual(expect.objectContaining({ projection: 'customers', generation: 1, position: expect.any(String), etaSeconds: 0, finishedAt: expect.any(String) }));
    expect(reads).toBeGreaterThan(0);

    await server.mustCommand('RegisterCustomer', { customerId: 'after-switch', name: 'After', registeredAt: day(6) });
    const after = await get(`/customers?limit=1000&minPosition=${server.lastPosition}&timeoutMs=10000`);
    expect(after.status).toBe(200);
    expect(after.body.items.length).toBe(before + extra + 1);
    const statuses = (await get('/projections')).body.items;
    expect(statuses.find((p: { name: string }) => p.name === 'customers')).toEqual(expect.objectContaining({ generation: 1, status: 'live' }));

    // Every projection, not just customers, must have reached the last command before comparing.
    await server.app.get(ProjectionEngineService).waitFor(ALL_PROJECTIONS.map((p) => p.name), server.lastPosition, 30_000);
    const live = await readModelDigest(server.app.get(ReadStore), ALL_PROJECTIONS);
    const fresh = new SqliteReadStore(openSqlite(':memory:'));
    const engine = new ProjectionEngine(ALL_PROJECTIONS, server.sealedStore, fresh, { owner: 'fresh' });
    engine.start();
    await engine.waitFor(ALL_PROJECTIONS.map((p) => p.name), server.lastPosition, 30_000);
    await engine.stop();
    expect(live).toBe(await readModelDigest(fresh, ALL_PROJECTIONS));
  }, 60_000);

  it('answers 404 for an unknown projection or job, and is for analysts', async () => {
    expect((await server.send('POST', '/projections/nope/rebuild', undefined, { key: KEYS.analyst })).status).toBe(404);
    expect((await get('/projections/customers/rebuilds/nope')).status).toBe(404);
    expect((await server.send('POST', '/projections/customers/rebuild', undefined, { key: KEYS.service })).status).toBe(403);
    expect((await server.send('POST', '/projections/customers/rebuild', undefined, { key: KEYS.auditor })).status).toBe(403);
  });
});

describe('rebuild requests for a projection already rebuilding', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await TestServer.start({ CRM_RATE_LIMIT_PER_SECOND: '0' });
    // Enough history that a rebuild runs while the requests arrive.
    await appendHistory(server.sealedStore, 20_000, 200);
  }, 60_000);
  afterAll(() => server.stop());

  const rebuild = (name: string) => server.send('POST', `/projections/${name}/rebuild`, undefined, { key: KEYS.analyst });

  it('answer the running job: ten requests at once run one rebuild at a time, never two of one projection side by side', async () => {
    const engine = server.app.get(ProjectionEngineService);
    const replies = await Promise.all(Array.from({ length: 10 }, () => rebuild('timeline')));
    expect(replies.map((r) => r.status)).toEqual(Array(10).fill(202));
    const ids = [...new Set(replies.map((r) => r.body.job as string))];
    // Another projection is a rebuild of its own, beside it.
    const other = await rebuild('leads');
    expect(ids).not.toContain(other.body.job);
    await Promise.all([...ids, other.body.job].map((id) => engine.whenFinished(id)));

    const jobs = await Promise.all(ids.map(async (id) => (await server.send('GET', `/projections/timeline/rebuilds/${id}`, undefined, { key: KEYS.analyst })).body));
    expect(jobs.every((job) => job.status === 'switched')).toBe(true);
    // Requests that came while a job ran got that job: the next job (if one request came after
    // a switch on this busy machine) starts only once the one before it has finished.
    jobs.sort((a, b) => a.generation - b.generation);
    for (let i = 1; i < jobs.length; i++) expect(Date.parse(jobs[i].startedAt)).toBeGreaterThanOrEqual(Date.parse(jobs[i - 1].finishedAt));
    expect(ids.length).toBeLessThan(10);
    const timeline = (await server.send('GET', '/projections', undefined, { key: KEYS.analyst })).body.items.find((p: { name: string }) => p.name === 'timeline');
    expect(timeline.generation).toBe(ids.length);
  }, 60_000);
});

describe('rebuilds across two server processes on one data folder', () => {
  let one: TestServer;
  let two: TestServer;
  beforeAll(async () => {
    one = await TestServer.start({ CRM_RATE_LIMIT_PER_SECOND: '0' });
    two = await TestServer.start({ CRM_RATE_LIMIT_PER_SECOND: '0', CRM_PROJECTOR: 'separate', CRM_DATA_DIR: one.dataDir });
    // Enough history that the rebuild runs for a few seconds.
    await appendHistory(one.sealedStore, 60_000, 200);
  }, 60_000);
  afterAll(async () => {
    await two.app.close();
    await one.stop();
  });

  const rebuild = (server: TestServer, name: string) => server.send('POST', `/projections/${name}/rebuild`, undefined, { key: KEYS.analyst });
  const job = (server: TestServer, name: string, id: string) => server.send('GET', `/projections/${name}/rebuilds/${id}`, undefined, { key: KEYS.analyst });

  it('a rebuild asked for on one is answered with the same job on the other, and followed to switched from there', async () => {
    const started = await rebuild(one, 'timeline');
    expect(started.status).toBe(202);
    const again = await rebuild(two, 'timeline');
    expect(again.status).toBe(202);
    expect(again.body).toEqual({ job: started.body.job, projection: 'timeline', generation: started.body.generation, status: 'running' });

    const seen: { status: string; position: string | null }[] = [];
    for (let reply = await job(two, 'timeline', started.body.job); ; reply = await job(two, 'timeline', started.body.job)) {
      expect(reply.status).toBe(200);
      seen.push(reply.body);
      if (reply.body.status !== 'running') break;
      if (seen.length === 1) {
        const statuses = (await two.send('GET', '/projections', undefined, { key: KEYS.analyst })).body.items;
        expect(statuses.find((p: { name: string }) => p.name === 'timeline').status).toBe('rebuilding');
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(seen.at(-1)).toEqual(expect.objectContaining({ id: started.body.job, status: 'switched', etaSeconds: 0, finishedAt: expect.any(String) }));
    expect(seen.some((s) => s.status === 'running' && s.position !== null)).toBe(true); // progress, not only the end
    // Readers resolve the generation per request; a process that only watches moves its status to it within its next look (2 s).
    const generation = async () => (await two.send('GET', '/projections', undefined, { key: KEYS.analyst })).body.items.find((p: { name: string }) => p.name === 'timeline').generation;
    for (let i = 0; i < 60 && (await generation()) !== started.body.generation; i++) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await generation()).toBe(started.body.generation);
  }, 60_000);

  it('lists the reactors beside the projections, with their kind, and refuses to rebuild one (409)', async () => {
    const items: { name: string; kind: string }[] = (await two.send('GET', '/projections', undefined, { key: KEYS.analyst })).body.items;
    expect(items.filter((p) => p.kind === 'reactor').map((p) => p.name).sort()).toEqual(['lead-to-customer', 'opportunity-activity']);
    expect(items.filter((p) => p.kind === 'projection').map((p) => p.name).sort()).toEqual(ALL_PROJECTIONS.map((p) => p.name).sort());
    const refused = await rebuild(two, 'lead-to-customer');
    expect(refused.status).toBe(409);
    expect(refused.body).toEqual(expect.objectContaining({ type: expect.stringContaining('not-rebuildable'), detail: expect.stringContaining('reactor') }));
  });
});
