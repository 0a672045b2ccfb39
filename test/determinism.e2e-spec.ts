import { openSqlite } from '@crm/event-store';
import { ALL_PROJECTIONS, ProjectionEngine, readModelDigest } from '@crm/projections';
import { ReadStore, SqliteReadStore } from '@crm/read-store';
import { ProjectionEngineService as ProjectionEngineToken } from '../apps/api/src/projections/projection-engine.service';
import { KEYS, TestServer } from './support/test-server';

import { day, mixedHistory as history } from './support/mixed-history';

describe('read models are deterministic', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await TestServer.start({ CRM_RATE_LIMIT_PER_SECOND: '0' });
  });
  afterAll(() => server.stop());

  async function rebuild(): Promise<{ reads: ReadStore; digest: string }> {
    const reads = new SqliteReadStore(openSqlite(':memory:'));
    const engine = new ProjectionEngine(ALL_PROJECTIONS, server.sealedStore, reads, { owner: 'rebuild' });
    engine.start();
    await engine.waitFor(ALL_PROJECTIONS.map((p) => p.name), (await server.store.headPosition()) as string, 60_000);
    await engine.stop();
    return { reads, digest: await readModelDigest(reads, ALL_PROJECTIONS) };
  }

  it('live read models, built while commands arrive, across a restart and an erasure, equal two clean rebuilds', async () => {
    const commands = history(120);
    const half = Math.floor(commands.length / 2);
    for (const [i, [name, body]] of commands.entries()) {
      if (i === half) await server.restart();
      const reply = await server.command(name, body);
      expect({ name, status: reply.status }).toEqual({ name, status: 200 });
    }
    await server.command('DetectDormancy', { asOf: day(600) });
    // Erasure changes nothing a rebuild would not reproduce (read models keep the sealed values).
    const qualified = commands.filter(([name]) => name === 'QualifyLead').map(([, body]) => body.customerId as string);
    for (const customerId of qualified.slice(0, 3)) {
      const forgotten = await server.command('ForgetCustomer', { customerId, reason: 'determinism test' }, { key: KEYS.admin });
      expect(forgotten.status).toBe(200);
    }
    const head = (await server.store.headPosition()) as string;
    await server.send('GET', `/customers?minPosition=${head}&timeoutMs=30000`);
    const live = server.app.get(ProjectionEngineToken);
    await live.waitFor(ALL_PROJECTIONS.map((p) => p.name), head, 30_000);

    const liveDigest = await readModelDigest(server.app.get(ReadStore), ALL_PROJECTIONS);
    const first = await rebuild();
    const second = await rebuild();
    expect(first.digest).toBe(second.digest);
    expect(liveDigest).toBe(first.digest);
    expect(await first.reads.count('customers_v1')).toBeGreaterThan(30);
  }, 120_000);
});


