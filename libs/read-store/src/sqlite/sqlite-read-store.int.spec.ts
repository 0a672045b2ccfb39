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
      .prepare(`EXPLAIN QUERY PLAN SELECT body FROM read_documents WHERE collection = ? AND json_extract(body, '$.region') = ? ORDER BY json_extract(body, '$.revenue')`)
      .all('customers', 'east') as { detail: string }[];
    expect(plan.map((row) => row.detail).join(' ')).toContain('rd_customers_region_revenue');
    await store.close();
  });
});
