import { ChildProcess, spawn } from 'node:child_process';
import { tsNode } from './support/run-entry';
import { KEYS, TestServer } from './support/test-server';

const LEASE_SECONDS = 1;

async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * /health tells an operator whether the system does its job: with CRM_PROJECTOR=separate and no
 * projector, commands are taken (ready) but every read model stands still, and that is a 503 once
 * no process has run the projections for longer than their lease.
 */
describe('health of a server whose projections run in a separate projector', () => {
  let server: TestServer;
  let projector: ChildProcess | undefined;
  let startedAt: number;
  const env = { CRM_PROJECTOR: 'separate', CRM_PROJECTION_LEASE_SECONDS: String(LEASE_SECONDS) };

  beforeAll(async () => {
    startedAt = Date.now();
    server = await TestServer.start(env);
  });
  afterAll(async () => {
    projector?.kill('SIGKILL');
    await server.stop();
  });

  const health = (path = '/health') => server.send('GET', path, undefined, { key: null });

  it('answers 503 once no projector has run the projections for longer than their lease, while live and ready stay 200', async () => {
    const down = await eventually(health, (reply) => reply.status === 503);
    expect(down.status).toBe(503);
    // Not before the lease time has passed since the server started watching.
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(LEASE_SECONDS * 1000);
    expect(down.headers.get('content-type')).toContain('application/problem+json');
    expect(down.body).toEqual(expect.objectContaining({ status: 503, type: '/problems/unhealthy' }));
    expect(down.body.error.projections).toEqual(expect.objectContaining({ status: 'down', message: expect.stringContaining('start:projector') }));
    expect(down.body.info.eventStore.status).toBe('up');

    const live = await health('/health/live');
    expect(live.status).toBe(200);
    expect(live.body).toEqual({ status: 'ok' });
    const ready = await health('/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.details).toEqual(expect.objectContaining({ eventStore: { status: 'up' }, readStore: { status: 'up' }, keyStore: { status: 'up' }, idempotencyStore: { status: 'up' } }));
    expect(ready.body.details.projections).toBeUndefined();
    // Commands are indeed taken.
    expect((await server.command('RegisterCustomer', { customerId: 'h-1', name: 'Ada' })).status).toBe(200);

    await new Promise((resolve) => setTimeout(resolve, 100));
    const statuses = await server.send('GET', '/projections', undefined, { key: KEYS.analyst });
    expect(statuses.body.items.map((p: { status: string }) => p.status)).toEqual(statuses.body.items.map(() => 'stopped'));
    // Lag is true on a projection nobody runs (it read `ms: 0` beside a count of events).
    for (const { lag } of statuses.body.items) {
      expect(lag.events).toBeGreaterThanOrEqual(1);
      expect(lag.ms).toBeGreaterThanOrEqual(100);
    }
  });

  it('answers 200 once a projector runs them', async () => {
    const run = tsNode('apps/api/src/projector.ts');
    projector = spawn(run.command, run.args, {
      cwd: run.cwd,
      env: { ...run.baseEnv, ...env, NODE_ENV: 'test', CRM_DATA_DIR: server.dataDir, CRM_API_KEYS: `${KEYS.service}:service` },
      stdio: 'ignore',
    });
    const up = await eventually(health, (reply) => reply.status === 200, 60_000);
    expect(up.status).toBe(200);
    expect(up.body.status).toBe('ok');
    expect(Object.keys(up.body.info.projections).length).toBeGreaterThan(1);
  }, 70_000);
});
