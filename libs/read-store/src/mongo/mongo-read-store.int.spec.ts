import { randomUUID } from 'node:crypto';
import { readStoreContract } from '../testing/read-store.contract';
import { MongoReadStore } from './mongo-read-store';

const uri = process.env.MONGODB_URI;
// When unset, test/support/report-skipped-servers.js says so under the test summary.
const suite = uri ? describe : describe.skip;

suite(`MongoReadStore contract (${uri ? 'MONGODB_URI' : 'skipped: MONGODB_URI not set'})`, () => {
  const database = `crm_contract_${randomUUID().slice(0, 8)}`;
  readStoreContract(async () => MongoReadStore.connect(uri as string, database));
});
