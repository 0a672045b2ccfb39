/**
 * Scenario 7: the crm-sales import through the command path, as a user runs it.
 *
 *   npm run bench -- import        BENCH_RUNS=3
 *
 * `crm import crm-sales` (bin/crm.js) into a fresh data folder at the durable default: every
 * command through the idempotent command service (an Idempotency-Key each), decided, sealed,
 * hash-chained and appended, with its inline reactions. The figure is the import's own `seconds`
 * (from the first command to the last acknowledgement); the process's start (compiling the
 * TypeScript on the fly, opening the stores) is reported beside it.
 */
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { RUNS, Row, report, seconds, stats, workDir } from './support/bench-kit';

const ROOT = resolve(__dirname, '..');
export const IMPORT_TARGET_SECONDS = 20;

interface Summary {
  applied: Record<string, number>;
  refused: number;
  seconds: number;
}

function importInto(dir: string): Promise<{ summary: Summary; wallSeconds: number }> {
  const started = process.hrtime.bigint();
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin/crm.js'), 'import', 'crm-sales'], {
      cwd: ROOT,
      env: { ...process.env, CRM_DATA_DIR: dir, NODE_ENV: 'development' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (err += chunk));
    child.on('exit', (code) => {
      if (code !== 0) return fail(new Error(`crm import exited with ${code}: ${err.slice(-2000)}`));
      done({ summary: JSON.parse(out) as Summary, wallSeconds: seconds(started) });
    });
  });
}

export async function main(): Promise<void> {
  console.log(`import: crm-sales through the command path, ${RUNS} runs`);
  const took: number[] = [];
  const wall: number[] = [];
  const rate: number[] = [];
  let commands = 0;
  for (let run = 0; run < RUNS; run++) {
    const dir = workDir(`import-${process.pid}-${run}`);
    try {
      const { summary, wallSeconds } = await importInto(dir);
      if (summary.refused > 0) throw new Error(`the import refused ${summary.refused} commands`);
      commands = Object.values(summary.applied).reduce((a, b) => a + b, 0);
      took.push(summary.seconds);
      wall.push(wallSeconds);
      rate.push(commands / summary.seconds);
      console.log(`  run ${run + 1}: ${summary.seconds} s (${Math.round(commands / summary.seconds)} commands/s), ${wallSeconds.toFixed(1)} s with the process's start`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const rows: Row[] = [
    {
      variant: `ours: \`crm import crm-sales\`, ${commands.toLocaleString('en-US')} commands through the idempotent command service`,
      values: { seconds: stats(took), 'commands/s': stats(rate), 'seconds with start-up': stats(wall) },
    },
  ];
  report(
    'import',
    `\`crm import crm-sales\` (the Maven Analytics CRM Sales Opportunities data set) into a fresh data folder at synchronous=FULL, median (min–max) of ${RUNS} runs, each in a fresh process: the import's own seconds, and with the process's start (on-the-fly TypeScript, opening the stores).`,
    ['seconds', 'commands/s', 'seconds with start-up'],
    rows,
    { ratios: { seconds: stats(took).median, targetSeconds: IMPORT_TARGET_SECONDS } },
  );
}
