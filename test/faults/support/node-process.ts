/**
 * One "server" of the two-process test: appends its own customers' history to the shared SQLite
 * file, one event per append with 16 in flight, while running every projection (one runner each,
 * by lease, competing with the other process); then waits until the projections it can see have
 * reached the head of the log. Arguments: file, first customer, customers, versions.
 */
import { SqliteEventStore, openSqlite } from '@crm/event-store';
import { ALL_PROJECTIONS, ProjectionEngine } from '@crm/projections';
import { SqliteReadStore } from '@crm/read-store';
import { benchEvent } from '../../support/crm-history';
import { dirname, join } from 'node:path';
import { DATA_FILES } from '../../../apps/api/src/infrastructure/data-files';

const TOTAL_CUSTOMERS = 2_000;

async function run(file: string, first: number, customers: number, versions: number): Promise<void> {
  const events = new SqliteEventStore(openSqlite(file, 'normal'), { pollIntervalMs: 20 });
  // The read models beside the log, in their own file, as the server keeps them.
  const reads = new SqliteReadStore(openSqlite(join(dirname(file), DATA_FILES.readModels), 'normal'));
  const engine = new ProjectionEngine(ALL_PROJECTIONS, events, reads, { owner: `node-${process.pid}`, leaseTtlMs: 600 });
  engine.start();
  const todo: number[] = [];
  for (let v = 0; v < versions; v++) for (let c = first; c < first + customers; c++) todo.push(v * TOTAL_CUSTOMERS + c);
  let next = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      for (let i = next++; i < todo.length; i = next++) {
        const { streamId, version, event } = benchEvent(todo[i], TOTAL_CUSTOMERS);
        // A stream's next version may still be in flight in another of the 16: wait for it.
        for (;;) {
          try {
            await events.appendToStream(streamId, [event], { expectedRevision: version === 0 ? 'no-stream' : version - 1 });
            break;
          } catch (error) {
            if ((error as Error).name !== 'WrongExpectedVersionError') throw error;
            await new Promise((resolve) => setTimeout(resolve, 2));
          }
        }
      }
    }),
  );
  console.log('appended');
  await engine.waitFor(ALL_PROJECTIONS.map((p) => p.name), (await events.headPosition()) as string, 600_000);
  await engine.stop();
  console.log('caught-up');
}

const [file, first, customers, versions] = process.argv.slice(2);
run(file, Number(first), Number(customers), Number(versions)).then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
