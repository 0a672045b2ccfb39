import { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { startProjectorProcess } from './support/entry-process';
import { KEYS, TestServer } from './support/test-server';

/**
 * CRM_PROJECTOR=separate: the server takes commands and answers queries, the projector process
 * (apps/api/src/projector.ts) on the same data folder builds the read models. Read-your-writes
 * waits and projection statuses go through the checkpoints the projector commits.
 */
describe('a server with the projections in a separate projector process', () => {
  let server: TestServer;
  let projector: ChildProcess | undefined;
  let projectorErr = () => '';

  beforeAll(async () => {
    server = await TestServer.start({ CRM_PROJECTOR: 'separate' });
  });
  afterAll(async () => {
    projector?.kill('SIGKILL');
    await server.stop();
  });

  async function startProjector(): Promise<void> {
    const started = await startProjectorProcess({ NODE_ENV: 'test', CRM_DATA_DIR: server.dataDir, CRM_API_KEYS: `${KEYS.service}:service` });
    projector = started.child;
    projectorErr = started.stderr;
  }

  it('does not project in the server: a read-your-writes wait times out with 503 while no projector runs', async () => {
    const registered = await server.mustCommand('RegisterCustomer', { customerId: 'sep-1', name: 'Ada', region: 'EMEA' });
    const reply = await server.send('GET', `/customers/sep-1?minPosition=${registered.body.position}&timeoutMs=300`, undefined, { key: KEYS.analyst });
    expect(reply.status).toBe(503);
    expect(reply.body).toEqual(expect.objectContaining({ type: expect.stringContaining('projection-behind') }));
    const statuses = await server.send('GET', '/projections', undefined, { key: KEYS.analyst });
    expect(statuses.body.items.every((p: { status: string; position: string | null }) => p.status === 'stopped' && p.position === null)).toBe(true);
  });

  it('answers from what the projector process builds, waiting for the position a command returned', async () => {
    await startProjector();
    await server.mustCommand('LogInteraction', { customerId: 'sep-1', channel: 'call', direction: 'inbound', kind: 'follow-up', summary: 'Asked about renewal' });
    const customer = await server.send('GET', `/customers/sep-1?minPosition=${server.lastPosition}&timeoutMs=20000`, undefined, { key: KEYS.analyst });
    expect(customer.status).toBe(200);
    expect(customer.body).toEqual(expect.objectContaining({ customerId: 'sep-1' }));
    const timeline = await server.send('GET', `/customers/sep-1/timeline?minPosition=${server.lastPosition}`, undefined, { key: KEYS.analyst });
    expect(timeline.body.items.map((item: { type: string }) => item.type)).toEqual(['CustomerRegistered', 'InteractionLogged']);

    // Every projection gets there (each commits on its own), and the server reports the state the projector shares.
    let statuses: { status: string; position: string | null }[] = [];
    for (let i = 0; i < 200; i++) {
      statuses = (await server.send('GET', '/projections', undefined, { key: KEYS.analyst })).body.items;
      if (statuses.every((status) => status.position === server.lastPosition)) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(statuses.length).toBeGreaterThan(0);
    for (const status of statuses) expect(status).toEqual(expect.objectContaining({ status: 'live', position: server.lastPosition }));
  }, 30_000); // the projector is its own ts-node process: its start alone can take seconds on a busy machine

  it('stops the projector cleanly on SIGTERM', async () => {
    const exited = once(projector as ChildProcess, 'exit');
    projector?.kill('SIGTERM');
    // Nest's shutdown hooks close the stores, then re-raise the signal.
    expect(await exited).toEqual([null, 'SIGTERM']);
    expect(projectorErr()).toBe('');
    // It leaves no state behind: nobody runs the projections now, and the server says so.
    const statuses = await server.send('GET', '/projections', undefined, { key: KEYS.analyst });
    expect(statuses.body.items.map((p: { status: string }) => p.status)).toEqual(statuses.body.items.map(() => 'stopped'));
  });
});
