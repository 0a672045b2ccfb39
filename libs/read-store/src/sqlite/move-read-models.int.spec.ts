import { openSqlite } from '@crm/event-store';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { moveReadModelsIn } from './move-read-models';
import { SqliteReadStore } from './sqlite-read-store';

describe('moving the read models out of the log file', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'crm-move-rm-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** A log file as an earlier version left it: events' neighbours, read models beside them. */
  const legacyFile = async (): Promise<string> => {
    const file = join(dir, 'crm.sqlite');
    const db = openSqlite(file, 'normal');
    db.exec('CREATE TABLE idempotency_keys (scope TEXT PRIMARY KEY)');
    db.prepare(`INSERT INTO idempotency_keys VALUES ('k')`).run();
    const old = new SqliteReadStore(db);
    await old.ensureIndexes('customers', [{ fields: ['region'] }]);
    await old.applyBatch([{ type: 'upsert', collection: 'customers', document: { id: 'c1', region: 'EMEA' } }], { name: 'customers', position: '41' });
    db.prepare(`UPDATE read_documents SET body = json(body)`).run(); // as text, like every earlier version
    await old.tryAcquireLease('customers', 'old-owner', 60_000);
    db.close();
    return file;
  };
  const tablesOf = (file: string) => {
    const db = openSqlite(file, 'normal');
    try {
      return (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all() as { name: string }[]).map((row) => row.name);
    } finally {
      db.close();
    }
  };

  it('moves documents, checkpoints and leases, drops them from the log file and leaves its other tables', async () => {
    const from = await legacyFile();
    const target = openSqlite(join(dir, 'read-models.sqlite'), 'normal');
    moveReadModelsIn(target, from);
    const reads = new SqliteReadStore(target);
    expect(await reads.get('customers', 'c1')).toEqual({ id: 'c1', region: 'EMEA' });
    expect(await reads.getCheckpoint('customers')).toBe('41');
    expect(await reads.leaseHeld('customers')).toBe(true);
    expect(target.prepare(`SELECT typeof(body) AS type FROM read_documents`).get()).toEqual({ type: 'blob' });
    await reads.close();
    expect(tablesOf(from)).toEqual(['idempotency_keys']);
  });

  it('is harmless a second time, and with no earlier file at all', async () => {
    const from = await legacyFile();
    const target = openSqlite(join(dir, 'read-models.sqlite'), 'normal');
    moveReadModelsIn(target, from);
    moveReadModelsIn(target, from);
    moveReadModelsIn(target, join(dir, 'absent.sqlite'));
    const reads = new SqliteReadStore(target);
    expect(await reads.count('customers')).toBe(1);
    await reads.close();
  });

  it('keeps the read-model file it finds with documents, and leaves the earlier file untouched', async () => {
    const from = await legacyFile();
    const target = openSqlite(join(dir, 'read-models.sqlite'), 'normal');
    const reads = new SqliteReadStore(target);
    await reads.applyBatch([{ type: 'upsert', collection: 'customers', document: { id: 'c2', region: 'APAC' } }], { name: 'customers', position: '99' });
    moveReadModelsIn(target, from);
    expect(await reads.getCheckpoint('customers')).toBe('99');
    expect(await reads.get('customers', 'c1')).toBeUndefined();
    await reads.close();
    expect(tablesOf(from)).toEqual(['idempotency_keys', 'projection_checkpoints', 'projection_leases', 'read_documents']);
  });
});
