import { openSqlite } from '@crm/event-store';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EarlierVersionRunningError, moveReadModelsIn } from './move-read-models';
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
    await old.releaseLease('customers', 'old-owner'); // stopped cleanly
    await old.tryAcquireLease('funnel', 'old-owner', 1); // died: lapsed
    db.close();
    return file;
  };
  /** The dead process's lease above was taken for 1 ms. */
  const deadLeaseLapsed = () => new Promise((resolve) => setTimeout(resolve, 5));
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
    await deadLeaseLapsed();
    expect(moveReadModelsIn(target, from)).toBe(1);
    const reads = new SqliteReadStore(target);
    expect(await reads.get('customers', 'c1')).toEqual({ id: 'c1', region: 'EMEA' });
    expect(await reads.getCheckpoint('customers')).toBe('41');
    expect(target.prepare('SELECT name, owner FROM projection_leases').all()).toEqual([{ name: 'funnel', owner: 'old-owner' }]);
    expect(target.prepare(`SELECT typeof(body) AS type FROM read_documents`).get()).toEqual({ type: 'blob' });
    await reads.close();
    expect(tablesOf(from)).toEqual(['idempotency_keys']);
  });

  it('is harmless a second time, and with no earlier file at all', async () => {
    const from = await legacyFile();
    const target = openSqlite(join(dir, 'read-models.sqlite'), 'normal');
    await deadLeaseLapsed();
    expect(moveReadModelsIn(target, from)).toBe(1);
    expect(moveReadModelsIn(target, from)).toBeUndefined();
    expect(moveReadModelsIn(target, join(dir, 'absent.sqlite'))).toBeUndefined();
    expect(existsSync(join(dir, 'absent.sqlite'))).toBe(false);
    const reads = new SqliteReadStore(target);
    expect(await reads.count('customers')).toBe(1);
    await reads.close();
  });

  it('keeps the read-model file it finds with read models, and drops the earlier file\'s (a copy committed before a crash)', async () => {
    const from = await legacyFile();
    await deadLeaseLapsed();
    const target = openSqlite(join(dir, 'read-models.sqlite'), 'normal');
    const reads = new SqliteReadStore(target);
    await reads.applyBatch([{ type: 'upsert', collection: 'customers', document: { id: 'c2', region: 'APAC' } }], { name: 'customers', position: '99' });
    expect(moveReadModelsIn(target, from)).toBeUndefined();
    expect(await reads.getCheckpoint('customers')).toBe('99');
    expect(await reads.get('customers', 'c1')).toBeUndefined();
    await reads.close();
    expect(tablesOf(from)).toEqual(['idempotency_keys']);
  });

  it('refuses while a process of the earlier version holds a lease, and moves nothing', async () => {
    const from = await legacyFile();
    const db = openSqlite(from, 'normal');
    await new SqliteReadStore(db).tryAcquireLease('timeline', 'still-running', 60_000);
    db.close();
    const target = openSqlite(join(dir, 'read-models.sqlite'), 'normal');
    expect(() => moveReadModelsIn(target, from)).toThrow(EarlierVersionRunningError);
    expect(target.prepare(`SELECT count(*) AS n FROM sqlite_master WHERE name = 'read_documents'`).get()).toEqual({ n: 0n });
    target.close();
    expect(tablesOf(from)).toEqual(['idempotency_keys', 'projection_checkpoints', 'projection_leases', 'read_documents']);
  });

  it('commits the copy at synchronous=FULL and gives the connection back as it was', async () => {
    const from = await legacyFile();
    await deadLeaseLapsed();
    const target = openSqlite(join(dir, 'read-models.sqlite'), 'normal');
    const pragmas = jest.spyOn(target, 'pragma');
    moveReadModelsIn(target, from);
    expect(pragmas.mock.calls.map(([sql]) => sql)).toContain('main.synchronous = FULL');
    pragmas.mockRestore();
    expect(target.pragma('main.synchronous', { simple: true })).toBe(1n); // NORMAL again
    expect(target.pragma('busy_timeout', { simple: true })).toBe(5000n);
    target.close();
  });
});
