/** A/B of the replay 'ours' variant between two checkouts over one prepared log, alternating runs:
 *   node -r ts-node/register/transpile-only -r tsconfig-paths/register bench/support/ab-replay.ts <rootA> <rootB> [events] [rounds] */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { preparedOurLog } from './prepared-log';

async function main(): Promise<void> {
  const [a, b, events = '100000', rounds = '2'] = process.argv.slice(2);
  const log = await preparedOurLog(Number(events));
  for (let round = 0; round < Number(rounds); round++) {
    for (const root of [a, b]) {
      const dir = mkdtempSync(join(tmpdir(), 'ab-replay-'));
      const run = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'bench/support/run-variant.ts', join(root, 'bench/replay.bench.ts'), 'ours', JSON.stringify({ log, dir })], { cwd: root, encoding: 'utf8' });
      const last = run.stdout.trim().split('\n').pop();
      console.log(JSON.stringify({ root, round, result: last, status: run.status, err: run.status ? run.stderr.slice(-300) : undefined }));
      rmSync(dir, { recursive: true, force: true });
    }
  }
}
main().catch((error) => { console.error(error); process.exit(1); });
