import { eventStoreContract } from '../testing/event-store.contract';
import { EsdbEventStore } from './esdb-event-store';

const connection = process.env.EVENTSTORE_CONNECTION_STRING;
// When unset, test/support/report-skipped-servers.js says so under the test summary.
const suite = connection ? describe : describe.skip;

suite(`EsdbEventStore contract (${connection ? 'EVENTSTORE_CONNECTION_STRING' : 'skipped: EVENTSTORE_CONNECTION_STRING not set'})`, () => {
  eventStoreContract(async () => EsdbEventStore.fromConnectionString(connection as string));
});
