import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Reply, TestServer } from '../support/test-server';

/**
 * The store becomes full or read-only while commands arrive: every answer is 200 or a clear 503
 * (never a 500), a refused command leaves nothing behind, and once the fault is gone the same
 * commands (same Idempotency-Keys) all go through with no event lost or doubled.
 */
const interaction = (i: number) => ({ customerId: 'c1', channel: 'call', direction: 'inbound', kind: 'other', summary: `note ${i} ${'x'.repeat(2_000)}` });

async function sendAll(server: TestServer, from: number, count: number): Promise<Map<number, Reply>> {
  const replies = new Map<number, Reply>();
  await Promise.all(
    Array.from({ length: count }, async (_, k) => {
      const i = from + k;
      replies.set(i, await server.command('LogInteraction', interaction(i), { headers: { 'Idempotency-Key': `note-${i}` } }));
    }),
  );
  return replies;
}

function expectOnly200Or503(replies: Map<number, Reply>): number[] {
  const refused: number[] = [];
  for (const [i, reply] of replies) {
    if (reply.status === 200) continue;
    expect({ i, status: reply.status, text: reply.text }).toMatchObject({ status: 503 });
    expect(reply.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(reply.headers.get('retry-after')).toBe('1');
    expect(reply.body).toMatchObject({ type: '/problems/storage-unavailable', status: 503 });
    refused.push(i);
  }
  return refused;
}

async function storedNotes(server: TestServer): Promise<number[]> {
  const events = await server.store.readStream('customer-c1');
  return events.filter((e) => e.type === 'InteractionLogged').map((e) => Number(/^note (\d+)/.exec((e.data as { summary: string }).summary)?.[1]));
}

async function expectRecovered(server: TestServer, total: number, refused: number[]) {
  // The same commands again, under the same keys: the refused ones now go through, the others replay.
  // A key whose claim the full store could not release waits until the claim goes stale (the
  // server's CRM_IDEMPOTENCY_STALE_SECONDS), then runs.
  for (const i of refused) {
    const reply = await server.command('LogInteraction', interaction(i), { headers: { 'Idempotency-Key': `note-${i}` } });
    expect({ i, status: reply.status }).toEqual({ i, status: 200 });
  }
  const notes = await storedNotes(server);
  expect([...notes].sort((a, b) => a - b)).toEqual(Array.from({ length: total }, (_, i) => i));
  // The read side caught up over the whole log, with nothing skipped.
  const position = (await server.store.headPosition()) as string;
  const timeline = await server.send('GET', `/customers/c1/timeline?limit=1000&minPosition=${position}`, undefined, { key: 'test-analyst-key' });
  expect(timeline.status).toBe(200);
  expect(timeline.body.items.filter((item: { kind: string }) => item.kind === 'interaction')).toHaveLength(total);
}

describe('storage faults', () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await TestServer.start();
    await server.mustCommand('RegisterCustomer', { customerId: 'c1', name: 'Acme' });
  });
  afterEach(() => server.stop());

  it('a full data file: 503 for what does not fit, nothing half-written, full service after space is freed', async () => {
    const { db, idempotencyKeys, readModels } = server.sqlite;
    const connections = [db, idempotencyKeys, readModels as NonNullable<typeof readModels>];
    for (const connection of connections) connection.pragma(`max_page_count = ${Number(connection.pragma('page_count', { simple: true })) + 4}`);
    const replies = await sendAll(server, 0, 60);
    const refused = expectOnly200Or503(replies);
    expect(refused.length).toBeGreaterThan(0);
    // Exactly the acknowledged commands are stored, each once.
    expect((await storedNotes(server)).sort((a, b) => a - b)).toEqual([...replies.keys()].filter((i) => !refused.includes(i)).sort((a, b) => a - b));

    for (const connection of connections) connection.pragma('max_page_count = 1073741823');
    await expectRecovered(server, 60, refused);
  });

  it('a read-only store: every write is a 503 and appends nothing; reads still answer; writes resume after', async () => {
    const { db } = server.sqlite;
    const before = (await storedNotes(server)).length;
    db.pragma('query_only = ON');
    const replies = await sendAll(server, 0, 20);
    expect(expectOnly200Or503(replies)).toHaveLength(20);
    expect(await storedNotes(server)).toHaveLength(before);
    expect((await server.send('GET', '/customers/c1', undefined, { key: 'test-analyst-key' })).status).toBe(200);
    db.pragma('query_only = OFF');
    await expectRecovered(server, 20, [...replies.keys()]);
  });
});

/** A real full disk: a small tmpfs mount, where the sandbox lets us mount one. */
const mountPoint = join(tmpdir(), `crm-full-disk-${process.pid}`);
const mountable = (() => {
  try {
    mkdirSync(mountPoint, { recursive: true });
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=8m', 'tmpfs', mountPoint], { stdio: 'ignore' });
    return true;
  } catch {
    rmSync(mountPoint, { recursive: true, force: true });
    return false;
  }
})();
if (!mountable) console.log('storage faults: skipping the real full-disk test: this sandbox does not allow mounting a tmpfs (the SQLite-level full and read-only tests above still ran)');

(mountable ? describe : describe.skip)('storage faults on a real full disk (tmpfs)', () => {
  afterAll(() => {
    try {
      execFileSync('umount', [mountPoint], { stdio: 'ignore' });
    } finally {
      rmSync(mountPoint, { recursive: true, force: true });
    }
  });

  // Writes on the writer thread (the server's default) and on the event loop alike. The simulated
  // faults above set limits on the server's own connections, so they run with the writes there.
  it.each([
    ['the writer thread', 'thread'],
    ['the event loop', 'inline'],
  ])('ENOSPC, writes on %s: 503s, nothing half-written, and full service once space is freed', async (_where, writer) => {
    const dataDir = join(mountPoint, `data-${writer}`);
    mkdirSync(dataDir);
    // On a full disk even releasing an Idempotency-Key's claim can fail (a delete needs room in the
    // WAL too): that claim stays pending until it is stale, here after 1 s instead of a minute.
    const server = await TestServer.start({ CRM_DATA_DIR: dataDir, CRM_IDEMPOTENCY_STALE_SECONDS: '1', CRM_SQLITE_WRITER: writer });
    try {
      await server.mustCommand('RegisterCustomer', { customerId: 'c1', name: 'Acme' });
      // Fill the disk but for a little room.
      const filler = join(mountPoint, 'filler');
      const free = Number(execFileSync('df', ['-B1', '--output=avail', mountPoint]).toString().trim().split('\n').pop());
      writeFileSync(filler, Buffer.alloc(Math.max(0, free - 96 * 1024)));
      const replies = await sendAll(server, 0, 80);
      const refused = expectOnly200Or503(replies);
      expect(refused.length).toBeGreaterThan(0);
      expect((await storedNotes(server)).sort((a, b) => a - b)).toEqual([...replies.keys()].filter((i) => !refused.includes(i)).sort((a, b) => a - b));
      rmSync(filler);
      await expectRecovered(server, 80, refused);
    } finally {
      await server.app.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 30_000);
});
