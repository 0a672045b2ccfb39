import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqlite } from '@crm/event-store';
import { idempotencyStoreContract } from '../testing/idempotency-store.contract';
import { SqliteIdempotencyStore } from './sqlite-idempotency-store';

describe('SqliteIdempotencyStore contract', () => {
  idempotencyStoreContract(async (clock) => {
    const db = openSqlite(':memory:');
    return { store: new SqliteIdempotencyStore(db, clock), close: async () => void db.close() };
  });
});

describe('SqliteIdempotencyStore with a durable connection for refusals', () => {
  const dir = mkdtempSync(join(tmpdir(), 'crm-idem-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('given claims on the fast connection, when outcomes are recorded, then refusals go through the durable one and successes do not', async () => {
    const file = join(dir, 'two-connections.sqlite');
    const fast = openSqlite(file, 'normal');
    const durable = openSqlite(file, 'full');
    // Every statement the durable connection runs, with its parameters.
    const ranDurably: unknown[][] = [];
    const prepare = durable.prepare.bind(durable);
    durable.prepare = ((sql: string) => {
      const statement = prepare(sql);
      const run = statement.run.bind(statement);
      statement.run = (...params: unknown[]) => {
        ranDurably.push(params);
        return run(...params);
      };
      return statement;
    }) as typeof durable.prepare;
    const store = new SqliteIdempotencyStore(fast, Date.now, durable);
    await store.claim('refused', 'f', 'c1', 60_000);
    await store.claim('applied', 'f', 'c2', 60_000);
    await store.complete('refused', 422, '{"rule":"x"}');
    await store.complete('applied', 200, '{}');
    expect(ranDurably).toEqual([[422, '{"rule":"x"}', 'refused']]);
    expect(await store.claim('refused', 'f', 'c3', 60_000)).toEqual({ claimed: false, record: expect.objectContaining({ state: 'done', status: 422 }) });
    expect(await store.claim('applied', 'f', 'c4', 60_000)).toEqual({ claimed: false, record: expect.objectContaining({ state: 'done', status: 200 }) });
    fast.close();
    durable.close();
  });
});
