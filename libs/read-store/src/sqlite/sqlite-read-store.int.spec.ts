import { openSqlite } from '@crm/event-store';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidCursorError } from '../cursor';
import { readStoreContract } from '../testing/read-store.contract';
import { SqliteReadStore } from './sqlite-read-store';

describe('SqliteReadStore', () => {
  const dir = mkdtempSync(join(tmpdir(), 'crm-rs-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  let n = 0;

  describe('contract', () => {
    readStoreContract(async () => new SqliteReadStore(openSqlite(join(dir, `rs-${n++}.sqlite`))));
  });

  it('refuses a cursor it did not issue', async () => {
    const store = new SqliteReadStore(openSqlite(':memory:'));
    await expect(store.find('c', { limit: 1, cursor: 'garbage' })).rejects.toBeInstanceOf(InvalidCursorError);
    await store.close();
  });

  it('uses the declared index for a filtered, sorted find', async () => {
    const db = openSqlite(':memory:');
    const store = new SqliteReadStore(db);
    await store.ensureIndexes('customers', [{ fields: ['region', 'revenue'] }]);
    const plan = db
      .prepare(`EXPLAIN QUERY PLAN SELECT body FROM read_documents WHERE collection = 'customers' AND json_extract(body, '$.region') = ? ORDER BY json_extract(body, '$.revenue')`)
      .all('east') as { detail: string }[];
    expect(plan.map((row) => row.detail).join(' ')).toContain('rdp_customers_region_revenue');
    await store.close();
  });

  it('stores bodies as binary JSON, and still reads, finds and patches the text bodies of earlier versions', async () => {
    const db = openSqlite(':memory:');
    const store = new SqliteReadStore(db);
    await store.ensureIndexes('customers', [{ fields: ['region'] }]);
    // What an earlier version left: a text body.
    db.prepare(`INSERT INTO read_documents (collection, id, body) VALUES ('customers', 'old', ?)`).run(JSON.stringify({ id: 'old', region: 'EMEA', note: 'é' }));
    await store.applyBatch([{ type: 'upsert', collection: 'customers', document: { id: 'new', region: 'EMEA', active: true } }]);
    const types = db.prepare(`SELECT id, typeof(body) AS type FROM read_documents ORDER BY id`).all();
    expect(types).toEqual([{ id: 'new', type: 'blob' }, { id: 'old', type: 'text' }]);

    expect((await store.find('customers', { where: { region: 'EMEA' }, limit: 10 })).items.map((d) => d.id)).toEqual(['new', 'old']);
    expect(await store.get('customers', 'old')).toEqual({ id: 'old', region: 'EMEA', note: 'é' });
    expect(await store.count('customers', { active: true })).toBe(1);
    await store.applyBatch([{ type: 'patch', collection: 'customers', id: 'old', set: { region: 'APAC' } }]);
    expect(await store.get('customers', 'old')).toEqual({ id: 'old', region: 'APAC', note: 'é' });
    expect(await store.count('customers', { region: 'APAC' })).toBe(1);
    await store.close();
  });

  const indexes = (db: ReturnType<typeof openSqlite>) =>
    (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'read_documents' ORDER BY name`).all() as { name: string }[]).map((row) => row.name);

  it('replaces the full indexes of earlier versions, and drops them with the collection', async () => {
    const db = openSqlite(':memory:');
    const store = new SqliteReadStore(db);
    db.exec(`CREATE INDEX "rd_customers_region" ON read_documents (collection, json_extract(body, '$.region'))`);
    await store.ensureIndexes('customers', [{ fields: ['region'] }]);
    await store.ensureIndexes('customers_g2', [{ fields: ['region'] }]);
    expect(indexes(db)).toEqual(['rdp_customers_g2_region', 'rdp_customers_region']);
    await store.dropCollection('customers');
    expect(indexes(db)).toEqual(['rdp_customers_g2_region']);
    await store.close();
  });
});
