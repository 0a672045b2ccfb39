import { SqliteEventStore, openSqlite } from '@crm/event-store';
import { existsSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { appendHistory, streamBatches } from '../../test/support/crm-history';
import { workDir } from './bench-kit';

/**
 * The same CRM history stored once per size, by ours and by Emmett, and kept under bench/.work
 * so that the read-side scenarios (replay, export, growth) do not pay for writing it on each run.
 * Written through each store's own append API, 100 events of one stream per append.
 */
export const CUSTOMERS = 10_000;

const GENERATION = 'v1'; // bump when test/support/crm-history.ts changes what it generates

export async function preparedOurLog(events: number): Promise<string> {
  const file = join(workDir('logs'), `ours-${GENERATION}-${events}.sqlite`);
  if (existsSync(file)) return file;
  const partial = `${file}.partial`;
  rmSync(partial, { force: true });
  console.log(`  preparing ${events.toLocaleString('en-US')} events in our log (once, kept in bench/.work/logs)`);
  const store = new SqliteEventStore(openSqlite(partial, 'normal'));
  await appendHistory(store, events, Math.min(CUSTOMERS, events));
  await store.close();
  rmSync(`${partial}-wal`, { force: true });
  rmSync(`${partial}-shm`, { force: true });
  renameSync(partial, file);
  return file;
}

export async function preparedEmmettLog(events: number): Promise<string> {
  const file = join(workDir('logs'), `emmett-${GENERATION}-${events}.sqlite`);
  if (existsSync(file)) return file;
  const partial = `${file}.partial`;
  rmSync(partial, { force: true });
  console.log(`  preparing ${events.toLocaleString('en-US')} events in an Emmett log (once, kept in bench/.work/logs)`);
  const { tunedEmmett } = await import('../peers/emmett');
  const store = await tunedEmmett(partial);
  for (const batch of streamBatches(events, Math.min(CUSTOMERS, events))) await store.append(batch[0].streamId, batch, batch[0].version);
  await store.close();
  renameSync(partial, file);
  for (const suffix of ['-wal', '-shm']) rmSync(`${partial}${suffix}`, { force: true });
  return file;
}
