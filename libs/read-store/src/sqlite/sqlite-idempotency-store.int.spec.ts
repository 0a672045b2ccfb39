import { openSqlite } from '@crm/event-store';
import { idempotencyStoreContract } from '../testing/idempotency-store.contract';
import { SqliteIdempotencyStore } from './sqlite-idempotency-store';

describe('SqliteIdempotencyStore contract', () => {
  idempotencyStoreContract(async (clock) => {
    const db = openSqlite(':memory:');
    return { store: new SqliteIdempotencyStore(db, clock), close: async () => void db.close() };
  });
});
