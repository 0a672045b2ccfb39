import { SqliteEventStore, openSqlite } from '@crm/event-store';
import { ALL_PROJECTIONS, checkpointName, readModelDigest } from '@crm/projections';
import { SqliteReadStore } from '@crm/read-store';
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DATA_FILES } from '../../apps/api/src/infrastructure/data-files';
import fc from 'fast-check';
import { appendHistory } from '../support/crm-history';
import { tsNode } from '../support/run-entry';
import { cleanRebuildDigest } from './support/clean-rebuild';

/**
 * kill -9 the projector at 25 random moments while it builds every read model from a
 * 200,000-event log (CRM_FAULT_EVENTS to change): after each restart it resumes from its
 * checkpoints, and at the end every read model equals a clean rebuild's, byte for byte.
 */
const EVENTS = Number(process.env.CRM_FAULT_EVENTS ?? 200_000);
const KILLS = 25;

function startProjector(file: string): { child: ChildProcess; started: Promise<void>; finished: Promise<number | null> } {
  const run = tsNode('test/faults/support/projector-process.ts', [file]);
  const child = spawn(run.command, run.args, { cwd: run.cwd, env: run.baseEnv, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  const started = new Promise<void>((resolve) =>
    child.stdout?.on('data', (chunk) => {
      out += chunk;
      if (out.includes('started')) resolve();
    }),
  );
  const finished = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, started, finished };
}

describe('projector killed at random moments', () => {
  const dir = mkdtempSync(join(tmpdir(), 'crm-projector-crash-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it(`resumes after each of ${KILLS} kill -9s over ${EVENTS.toLocaleString('en-US')} events and ends equal to a clean rebuild`, async () => {
    const file = join(dir, DATA_FILES.log);
    const events = new SqliteEventStore(openSqlite(file, 'normal'));
    await appendHistory(events, EVENTS, 2_000);
    const checkpoints = () => new SqliteReadStore(openSqlite(join(dir, DATA_FILES.readModels), 'normal'));

    const delays = fc.sample(fc.integer({ min: 50, max: 1_200 }), { numRuns: KILLS, seed: 25 });
    // A fast machine can finish the log before a kill lands: that life is not counted, and the log
    // grows before the next one (by twice as much each time), so that every one of the KILLS kills lands mid-work.
    let killedMidway = 0;
    let logged = EVENTS;
    let more = Math.ceil(EVENTS / 10);
    for (let life = 0; killedMidway < KILLS; life++) {
      if (life >= 3 * KILLS) throw new Error(`only ${killedMidway} of ${life} lives were killed before they caught up`);
      const projector = startProjector(file);
      await projector.started;
      await new Promise((resolve) => setTimeout(resolve, delays[killedMidway]));
      if (projector.child.exitCode === null) projector.child.kill('SIGKILL');
      const exitCode = await projector.finished;
      if (exitCode === null) killedMidway += 1; // died by the signal, mid-work
      else if (exitCode === 0) {
        await appendHistory(events, logged + more, 2_000, 16, logged);
        logged += more;
        more *= 2;
      } else throw new Error(`a projector life failed with exit code ${exitCode}`);
    }
    const head = (await events.headPosition()) as string;
    // The killed lives did commit progress that the next one resumed from (not restarting at zero).
    const between = checkpoints();
    const progress = await Promise.all(ALL_PROJECTIONS.map(async (p) => BigInt((await between.getCheckpoint(checkpointName(p))) ?? '0')));
    await between.close();
    expect(progress.every((position) => position > 0n)).toBe(true);
    const last = startProjector(file);
    expect(await last.finished).toBe(0);

    const reads = checkpoints();
    const live = await readModelDigest(reads, ALL_PROJECTIONS);
    for (const projection of ALL_PROJECTIONS) expect({ projection: projection.name, at: await reads.getCheckpoint(checkpointName(projection)) }).toEqual({ projection: projection.name, at: head });
    await reads.close();

    expect(live).toBe(await cleanRebuildDigest(events, head, 600_000));
    await events.close();
  }, 900_000);
});
