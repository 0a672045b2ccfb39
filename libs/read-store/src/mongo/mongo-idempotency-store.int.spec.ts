import { MongoClient } from 'mongodb';
import { randomUUID } from 'node:crypto';
import { idempotencyStoreContract } from '../testing/idempotency-store.contract';
import { MongoIdempotencyStore } from './mongo-idempotency-store';

const uri = process.env.MONGODB_URI;
// When unset, test/support/report-skipped-servers.js says so under the test summary.
const suite = uri ? describe : describe.skip;

suite(`MongoIdempotencyStore contract (${uri ? 'MONGODB_URI' : 'skipped: MONGODB_URI not set'})`, () => {
  const database = `crm_contract_${randomUUID().slice(0, 8)}`;
  idempotencyStoreContract(async (clock) => {
    const client = await new MongoClient(uri as string).connect();
    return { store: new MongoIdempotencyStore(client.db(database), clock), close: () => client.close() };
  });
});
