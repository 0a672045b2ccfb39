import { openSqlite } from '@crm/event-store';
import { READ_STORE_SCHEMA, READ_STORE_TABLES } from '@crm/read-store';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DATA_FILES } from '../apps/api/src/infrastructure/data-files';
import { KEYS, TestServer } from './support/test-server';

const tablesIn = (file: string): string[] => {
  const db = openSqlite(file, 'normal');
  try {
    return (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all() as { name: string }[]).map((row) => row.name);
  } finally {
    db.close();
  }
};

/**
 * A data folder of a version that kept the read models in crm.sqlite, beside the log: the server
 * moves them into read-models.sqlite on start, checkpoints included, and answers from them.
 */
describe('starting on a data folder of an earlier version', () => {
  it('moves the read models out of the log file, rebuilding nothing, and answers from them', async () => {
    const first = await TestServer.start({ CRM_RATE_LIMIT_PER_SECOND: '0' });
    const dir = first.dataDir;
    await first.mustCommand('RegisterCustomer', { customerId: 'up-1', name: 'Grace Hopper', registeredAt: '2024-01-01T00:00:00Z' });
    expect((await first.send('GET', `/customers/up-1?minPosition=${first.lastPosition}`, undefined, { key: KEYS.analyst })).status).toBe(200);
    await first.app.close();

    // The earlier layout: the read store's tables in crm.sqlite (bodies as text), no read-models file;
    // and a document no projection writes, which only a move (not a rebuild) can carry over.
    const log = openSqlite(join(dir, DATA_FILES.log), 'normal');
    log.exec(READ_STORE_SCHEMA);
    log.prepare('ATTACH DATABASE ? AS rm').run(join(dir, DATA_FILES.readModels));
    for (const table of READ_STORE_TABLES) log.exec(`INSERT INTO main.${table} SELECT * FROM rm.${table}`);
    log.exec(`UPDATE main.read_documents SET body = json(body)`);
    log.prepare(`INSERT INTO main.read_documents (collection, id, body) VALUES ('upgrade-marker', 'm', '{"id":"m"}')`).run();
    log.exec('DETACH DATABASE rm');
    log.close();
    for (const suffix of ['', '-wal', '-shm']) rmSync(join(dir, `${DATA_FILES.readModels}${suffix}`), { force: true });

    const second = await TestServer.start({ CRM_DATA_DIR: dir, CRM_RATE_LIMIT_PER_SECOND: '0' });
    try {
      const customer = await second.send('GET', '/customers/up-1', undefined, { key: KEYS.analyst });
      expect(customer.status).toBe(200);
      expect(customer.body).toEqual(expect.objectContaining({ customerId: 'up-1', name: 'Grace Hopper' }));
      expect(existsSync(join(dir, DATA_FILES.readModels))).toBe(true);
      const moved = openSqlite(join(dir, DATA_FILES.readModels), 'normal');
      expect(moved.prepare(`SELECT json(body) AS body FROM read_documents WHERE collection = 'upgrade-marker'`).get()).toEqual({ body: '{"id":"m"}' });
      moved.close();
      for (const table of READ_STORE_TABLES) expect(tablesIn(join(dir, DATA_FILES.log))).not.toContain(table);
    } finally {
      await second.stop();
    }
  }, 60_000);
});
