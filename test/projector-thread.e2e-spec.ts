import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ServerProcess, startServerProcess } from './support/entry-process';

const SERVICE = 'thread-service-key';
const ANALYST = 'thread-analyst-key';

/**
 * The default deployment, CRM_PROJECTOR=thread: the projector on a worker thread of the server's
 * process. Started as a real process (Jest's module system does not reach a worker thread).
 */
describe('the projector on a worker thread (the default)', () => {
  let dataDir: string;
  let server: ServerProcess;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'crm-thread-'));
    server = await startServerProcess({ CRM_DATA_DIR: dataDir, CRM_API_KEYS: `${SERVICE}:service,${ANALYST}:analyst`, CRM_RATE_LIMIT_PER_SECOND: '0' });
  }, 120_000);
  afterAll(() => {
    server?.child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  const send = (path: string, key: string, body?: unknown) =>
    fetch(`${server.baseUrl}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    }).then(async (reply) => ({ status: reply.status, body: (await reply.json()) as any })); // eslint-disable-line @typescript-eslint/no-explicit-any

  it('answers a query with the write just acknowledged (the thread projected it), and lists every processor as live', async () => {
    expect(server.stdout()).toContain('CRM_PROJECTOR=thread: the projector thread runs the projections');
    const registered = await send('/commands/RegisterCustomer', SERVICE, { customerId: 'thread-1', name: 'Ada Lovelace', registeredAt: '2024-01-01T00:00:00Z' });
    expect(registered.status).toBe(200);
    const customer = await send(`/customers/thread-1?minPosition=${registered.body.position}`, ANALYST);
    expect(customer).toEqual({ status: 200, body: expect.objectContaining({ customerId: 'thread-1', name: 'Ada Lovelace' }) });

    expect((await send('/commands/CaptureLead', SERVICE, { leadId: 'lead-thread-1', source: 'web', contact: { name: 'Grace Hopper' }, capturedAt: '2024-01-02T00:00:00Z' })).status).toBe(200);
    const qualified = await send('/commands/QualifyLead', SERVICE, { leadId: 'lead-thread-1', customerId: 'thread-2', at: '2024-01-03T00:00:00Z' });
    expect(qualified.status).toBe(200);
    // The inline reaction (on the server's thread) registered the customer; the projector thread projected it.
    // Its event comes after the command's own, so wait on the head of the log as /projections reports it.
    const statuses = (await send('/projections', ANALYST)).body.items as { position: string | null; lag: { events: number } }[];
    const head = statuses.reduce((high, p) => (BigInt(p.position ?? '0') + BigInt(p.lag.events) > high ? BigInt(p.position ?? '0') + BigInt(p.lag.events) : high), 0n);
    expect((await send(`/customers/thread-2?minPosition=${head}`, ANALYST)).status).toBe(200);

    const projections = await send('/projections', ANALYST);
    const items = projections.body.items as { name: string; kind: string; status: string; position: string | null }[];
    expect(items.length).toBeGreaterThan(6);
    expect(items.filter((p) => p.status !== 'live')).toEqual([]);
    expect(new Set(items.map((p) => p.kind))).toEqual(new Set(['projection', 'reactor']));
  }, 60_000);

  it('stops the thread with the server: its leases are released, not left to lapse', async () => {
    const exited = new Promise<number | null>((resolve) => server.child.once('exit', (code) => resolve(code)));
    server.child.kill('SIGTERM');
    await exited;
    const db = new Database(join(dataDir, 'read-models.sqlite'), { readonly: true });
    try {
      expect(db.prepare('SELECT name, owner FROM projection_leases').all()).toEqual([]);
    } finally {
      db.close();
    }
  }, 30_000);
});
