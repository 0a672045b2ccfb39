/**
 * A projector in its own process, for the crash test: all projections over the SQLite file given
 * as the first argument, until they reach the head of the log. Prints "started" once running and
 * "caught-up" at the end; the test kills it with SIGKILL at chosen moments in between.
 */
import { SqliteEventStore, openSqlite } from '@crm/event-store';
import { ALL_PROJECTIONS, ProjectionEngine } from '@crm/projections';
import { SqliteReadStore } from '@crm/read-store';
import { dirname, join } from 'node:path';
import { DATA_FILES } from '../../../apps/api/src/infrastructure/data-files';

async function run(file: string): Promise<void> {
  const events = new SqliteEventStore(openSqlite(file, 'normal'));
  // The read models beside the log, in their own file, as the server keeps them.
  const reads = new SqliteReadStore(openSqlite(join(dirname(file), DATA_FILES.readModels), 'normal'));
  // A short lease, so that the next life takes over quickly from a killed one.
  const engine = new ProjectionEngine(ALL_PROJECTIONS, events, reads, { owner: `projector-${process.pid}`, leaseTtlMs: 600 });
  engine.start();
  console.log('started');
  await engine.waitFor(ALL_PROJECTIONS.map((p) => p.name), (await events.headPosition()) as string, 600_000);
  await engine.stop();
  console.log('caught-up');
}

run(process.argv[2]).then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
