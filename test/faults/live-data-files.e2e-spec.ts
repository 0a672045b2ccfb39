import { statSync } from 'node:fs';
import { join } from 'node:path';
import { everyFileOnDisk } from '../support/files-on-disk';
import { cliAsync } from '../support/run-entry';
import { TestServer } from '../support/test-server';

/**
 * The "Bus error" (SIGBUS, exit 135) that killed a full `npm test` run: a test read the live
 * SQLite files of its in-process server with `fs`, which dropped the server process's POSIX locks
 * on them; the CLI it ran next took itself for the only user, truncated the -shm under the
 * server's mapping and, closing, deleted the -wal the server kept writing to. Reading them out of
 * process (support/files-on-disk.ts) leaves the server's locks, files and later commits alone.
 */
describe('reading a live data folder while another process opens it', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await TestServer.start();
  });
  afterAll(() => server.stop());

  const note = (i: number) => ({ customerId: 'live-1', channel: 'call', direction: 'inbound', kind: 'other', summary: `note ${i}` });

  it("keeps the server's -shm and -wal, and every commit after, visible to other processes", async () => {
    await server.mustCommand('RegisterCustomer', { customerId: 'live-1', name: 'Ada' });
    for (let i = 0; i < 5; i++) await server.mustCommand('LogInteraction', note(i));
    expect(everyFileOnDisk(server.dataDir)).toContain('note 4');
    const shm = join(server.dataDir, 'crm.sqlite-shm');
    const shmSize = statSync(shm).size;

    // Another process opens and closes the database (as the CLI and the projector do).
    expect((await cliAsync(server.dataDir, 'audit', 'verify')).status).toBe(0);
    expect(statSync(shm).size).toBe(shmSize);
    expect(statSync(join(server.dataDir, 'crm.sqlite-wal')).size).toBeGreaterThan(0);

    for (let i = 5; i < 10; i++) await server.mustCommand('LogInteraction', note(i));
    const exported = await cliAsync(server.dataDir, 'audit', 'export', '--type', 'InteractionLogged');
    expect(exported.status).toBe(0);
    expect(exported.stdout.trim().split('\n')).toHaveLength(10);
    expect((await server.send('GET', `/customers/live-1/timeline?minPosition=${server.lastPosition}`, undefined, { key: 'test-analyst-key' })).status).toBe(200);
  }, 60_000);
});
