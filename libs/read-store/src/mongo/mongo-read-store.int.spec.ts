import { randomUUID } from 'node:crypto';
import { readStoreContract } from '../testing/read-store.contract';
import { MongoReadStore } from './mongo-read-store';

const uri = process.env.MONGODB_URI;
if (!uri) console.warn('MongoDB read store contract suite SKIPPED: MONGODB_URI is not set (e.g. mongodb://localhost:27017/?replicaSet=rs0).');
const suite = uri ? describe : describe.skip;

suite(`MongoReadStore contract (${uri ? 'MONGODB_URI' : 'skipped: MONGODB_URI not set'})`, () => {
  const database = `crm_contract_${randomUUID().slice(0, 8)}`;
  readStoreContract(async () => MongoReadStore.connect(uri as string, database));
});
