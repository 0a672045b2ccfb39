/**
 * A projector in its own process, for the crash test: all projections over the SQLite file given
 * as the first argument, until they reach the head of the log. Prints "started" once running and
 * "caught-up" at the end; the test kills it with SIGKILL at chosen moments in between.
 */
import { SqliteEventStore, openSqlite } from '@crm/event-store';
import { ALL_PROJECTIONS, ProjectionEngine } from '@crm/projections';
import { SqliteReadStore } from '@crm/read-store';

async function run(file: string): Promise<void> {
  const events = new SqliteEventStore(openSqlite(file, 'normal'));
  const reads = new SqliteReadStore(openSqlite(file, 'normal'));
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
