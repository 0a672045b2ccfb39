import { openSqlite } from '@crm/event-store';
import { join } from 'node:path';
import { cli, cliAsync } from './support/run-entry';
import { TestServer } from './support/test-server';

describe('the command line', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await TestServer.start();
    await server.mustCommand('RegisterCustomer', { customerId: 'c1', name: 'Acme' });
    for (let i = 0; i < 3; i++) await server.mustCommand('LogInteraction', { customerId: 'c1', channel: 'call', direction: 'inbound', kind: 'other', summary: `n${i}` });
    await server.mustCommand('RegisterCustomer', { customerId: 'c2', name: 'Beta' });
  });
  afterAll(() => server.stop());

  it('exports matching events as NDJSON, streams one stream, and verifies the log', () => {
    const exported = cli(server.dataDir, 'audit', 'export', '--type', 'InteractionLogged');
    expect(exported.status).toBe(0);
    const lines = exported.stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(lines.map((e) => [e.streamId, e.version])).toEqual([['customer-c1', 1], ['customer-c1', 2], ['customer-c1', 3]]);
    expect(exported.stderr).toContain('3 events exported');

    const stream = cli(server.dataDir, 'audit', 'stream', 'customer-c2');
    expect(stream.stdout.trim().split('\n').map((line) => JSON.parse(line).type)).toEqual(['CustomerRegistered']);

    const verified = cli(server.dataDir, 'audit', 'verify');
    expect(verified.status).toBe(0);
    expect(JSON.parse(verified.stdout)).toEqual({ ok: true, streams: 2, events: 5, broken: [] });
  }, 60_000);

  it('shows an aggregate as of a position (time travel)', () => {
    const atRegistration = cli(server.dataDir, 'state', 'customer', 'c1', '--as-of', '1');
    expect(atRegistration.status).toBe(0);
    expect(JSON.parse(atRegistration.stdout)).toEqual(expect.objectContaining({ streamId: 'customer-c1', version: 0, state: expect.objectContaining({ interactions: 0 }) }));
    const now = cli(server.dataDir, 'state', 'customer', 'c1');
    expect(JSON.parse(now.stdout).state.interactions).toBe(3);
    expect(cli(server.dataDir, 'state', 'customer', 'c1', '--as-of', '2000-01-01').status).toBe(1);
  }, 60_000);

  it('rebuilds a projection into a new generation that the running server then serves', async () => {
    const run = await cliAsync(server.dataDir, 'rebuild', 'customers');
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual(expect.objectContaining({ projection: 'customers', generation: 1, status: 'switched' }));
    const reply = await server.send('GET', '/customers/c1', undefined, {});
    expect(reply.body).toEqual(expect.objectContaining({ customerId: 'c1', name: 'Acme' }));
    expect(cli(server.dataDir, 'rebuild', 'nonsense').status).toBe(2);
  }, 60_000);

  it('exits 1 and names the broken link when the log was edited by hand', () => {
    const db = openSqlite(join(server.dataDir, 'crm.sqlite'));
    db.prepare("UPDATE events SET data = json_set(data, '$.summary', 'forged') WHERE stream_id = 'customer-c1' AND version = 2").run();
    db.close();
    const verified = cli(server.dataDir, 'audit', 'verify');
    expect(verified.status).toBe(1);
    expect(JSON.parse(verified.stdout).broken).toEqual([{ streamId: 'customer-c1', version: 2, reason: 'hash does not match the stored content' }]);
  }, 60_000);
});
