import { MongoReadStore } from '@crm/read-store';
import { randomUUID } from 'node:crypto';
import { engineStateContract } from '../testing/engine-state.contract';

const uri = process.env.MONGODB_URI;
// When unset, test/support/report-skipped-servers.js says so under the test summary.
const suite = uri ? describe : describe.skip;

suite(`engine state shared in MongoDB (${uri ? 'MONGODB_URI' : 'skipped: MONGODB_URI not set'})`, () => {
  const database = `crm_engine_${randomUUID().slice(0, 8)}`;
  engineStateContract(() => MongoReadStore.connect(uri as string, database));
});
