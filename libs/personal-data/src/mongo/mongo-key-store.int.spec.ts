import { randomUUID } from 'node:crypto';
import { keyStoreContract } from '../testing/key-store.contract';
import { MongoKeyStore } from './mongo-key-store';

const uri = process.env.MONGODB_URI;
// When unset, test/support/report-skipped-servers.js says so under the test summary.
const suite = uri ? describe : describe.skip;

suite(`MongoKeyStore contract (${uri ? 'MONGODB_URI' : 'skipped: MONGODB_URI not set'})`, () => {
  // A database per test: every test starts from an empty key store, as with SQLite in memory.
  keyStoreContract(async () => MongoKeyStore.connect(uri as string, `crm_keys_${randomUUID().slice(0, 8)}`));
});
