import { randomUUID } from 'node:crypto';
import { keyStoreContract } from '../testing/key-store.contract';
import { MongoKeyStore } from './mongo-key-store';

const uri = process.env.MONGODB_URI;
if (!uri) console.warn('MongoDB key store contract suite SKIPPED: MONGODB_URI is not set (e.g. mongodb://localhost:27017/?replicaSet=rs0).');
const suite = uri ? describe : describe.skip;

suite(`MongoKeyStore contract (${uri ? 'MONGODB_URI' : 'skipped: MONGODB_URI not set'})`, () => {
  // A database per test: every test starts from an empty key store, as with SQLite in memory.
  keyStoreContract(async () => MongoKeyStore.connect(uri as string, `crm_keys_${randomUUID().slice(0, 8)}`));
});
