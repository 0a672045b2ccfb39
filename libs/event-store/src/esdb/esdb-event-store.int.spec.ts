import { eventStoreContract } from '../testing/event-store.contract';
import { EsdbEventStore } from './esdb-event-store';

const connection = process.env.EVENTSTORE_CONNECTION_STRING;
if (!connection) {
  console.warn('EventStoreDB contract suite SKIPPED: EVENTSTORE_CONNECTION_STRING is not set (e.g. esdb://localhost:2113?tls=false).');
}
const suite = connection ? describe : describe.skip;

suite(`EsdbEventStore contract (${connection ? 'EVENTSTORE_CONNECTION_STRING' : 'skipped: EVENTSTORE_CONNECTION_STRING not set'})`, () => {
  eventStoreContract(async () => EsdbEventStore.fromConnectionString(connection as string));
});
