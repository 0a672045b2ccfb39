/**
 * Where the two cores go under the http scenario's load at c=16 (AB_CONNECTIONS sets another): CPU seconds of each thread of
 * our server (by its name), and of the whole machine, over the load alone.
 *   node -r ts-node/register/transpile-only -r tsconfig-paths/register bench/support/thread-cpu.ts [root]
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadOurServer, seedOurServer, startOurServer, stopProcess } from './our-server-process';

const TICK = 100; // USER_HZ
const threads = (pid: number) =>
  new Map(
    readdirSync(`/proc/${pid}/task`).map((tid) => {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return [`${tid} ${name}`, (Number(fields[11]) + Number(fields[12])) / TICK] as const;
    }),
  );
const machine = () => {
  const [, ...values] = readFileSync('/proc/stat', 'utf8').split('\n')[0].split(/\s+/).filter(Boolean).map(Number);
  return { busy: (values.reduce((a, b) => a + b, 0) - values[3] - values[4]) / TICK, all: values.reduce((a, b) => a + b, 0) / TICK };
};

async function main(): Promise<void> {
  const root = resolve(process.argv[2] ?? join(__dirname, '../..'));
  const dir = mkdtempSync(join(tmpdir(), 'thread-cpu-'));
  try {
    const { url, child } = await startOurServer(root, dir);
    process.once('exit', () => child.kill('SIGKILL')); // a failed run must not leave a server running behind
    await seedOurServer(url);
    const before = threads(child.pid as number);
    const m0 = machine();
    const result = await loadOurServer(url, Number(process.env.AB_CONNECTIONS ?? 16), Number(process.env.BENCH_HTTP_SECONDS ?? 12), { learnStages: true });
    const after = threads(child.pid as number);
    const m1 = machine();
    console.log(JSON.stringify(result));
    console.log(`machine: ${(m1.busy - m0.busy).toFixed(1)} CPU s busy of ${(m1.all - m0.all).toFixed(1)}`);
    for (const [thread, seconds] of after) {
      const used = seconds - (before.get(thread) ?? 0);
      if (used >= 0.05) console.log(`  ${thread}: ${used.toFixed(2)} CPU s`);
    }
    await stopProcess(child);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
main().catch((error) => { console.error(error); process.exit(1); });
