import { SqliteEventStore, openSqlite } from '@crm/event-store';
import { ALL_PROJECTIONS, readModelDigest } from '@crm/projections';
import { SqliteReadStore } from '@crm/read-store';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DATA_FILES } from '../../apps/api/src/infrastructure/data-files';
import { tsNode } from '../support/run-entry';
import { cleanRebuildDigest } from './support/clean-rebuild';

/**
 * Two processes on one data file append concurrently while both run the projections (each
 * projection by one runner at a time, by lease); one process is killed mid-stream and the other
 * takes its runners over. Every event must be applied exactly once and none skipped: projection
 * engines of other stores have shipped exactly this bug (events committed out of position order,
 * or a checkpoint moved past an event not yet visible).
 */
const CUSTOMERS_EACH = 1_000;
const VERSIONS = 15;

function node(file: string, first: number) {
  const run = tsNode('test/faults/support/node-process.ts', [file, String(first), String(CUSTOMERS_EACH), String(VERSIONS)]);
  const child = spawn(run.command, run.args, { cwd: run.cwd, env: run.baseEnv, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout?.on('data', (chunk) => (out += chunk));
  const finished = new Promise<{ code: number | null; out: string }>((resolve) => child.on('exit', (code) => resolve({ code, out })));
  return { child, finished };
}

describe('two processes on one data folder', () => {
  const dir = mkdtempSync(join(tmpdir(), 'crm-two-processes-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('apply every event exactly once, none skipped, when one is killed mid-stream and the other takes over', async () => {
    const file = join(dir, DATA_FILES.log);
    const events = new SqliteEventStore(openSqlite(file, 'normal'));
    const a = node(file, 0);
    const b = node(file, CUSTOMERS_EACH);

    // Kill A once both are well into their appends (and A holds some of the projection leases).
    const total = 2 * CUSTOMERS_EACH * VERSIONS;
    for (let i = 0; ; i++) {
      const head = Number((await events.headPosition()) ?? 0);
      if (head > total / 3) break;
      if (i > 3_000) throw new Error(`the processes did not append (head ${head})`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    a.child.kill('SIGKILL');
    await a.finished;
    const survivor = await b.finished;
    expect(survivor).toEqual({ code: 0, out: 'appended\ncaught-up\n' });

    // B waited for the head it saw after its own last append; A's events all came before that.
    const head = (await events.headPosition()) as string;
    const stored = await events.readAll({ limit: 1_000_000 });
    expect(stored.length).toBe(Number(head)); // positions are dense: no gap, no event lost
    expect(stored.filter((e) => e.streamId.startsWith('customer-bench-c0')).length).toBeGreaterThan(0);

    const reads = new SqliteReadStore(openSqlite(join(dir, DATA_FILES.readModels), 'normal'));
    const live = await readModelDigest(reads, ALL_PROJECTIONS);
    await reads.close();
    expect(live).toBe(await cleanRebuildDigest(events, head, 300_000));
    await events.close();
  }, 600_000);
});
