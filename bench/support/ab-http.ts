/**
 * A/B of our server at c=16 (the http scenario's mix) between two checkouts, alternating runs:
 *   node -r ts-node/register/transpile-only -r tsconfig-paths/register bench/support/ab-http.ts <rootA> <rootB> [rounds]
 * AB_CONNECTIONS sets the connections (16). AB_NODE_ARGS adds options to the servers' node (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`).
 */
import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { seedCommands } from './command-mix';

const BENCH = resolve(__dirname, '..');
const KEY = 'bench-service-key';
const ANALYST = 'bench-analyst-key';
const TS = ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register'];
const SECONDS = Number(process.env.BENCH_HTTP_SECONDS ?? 12);
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));
const freePort = () =>
  new Promise<number>((done) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => done(port));
    });
  });

async function start(root: string, dir: string): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env = { ...process.env, NODE_ENV: 'development', PORT: String(port), HOST: '127.0.0.1', CRM_DATA_DIR: dir, CRM_API_KEYS: `${KEY}:service,${ANALYST}:analyst`, CRM_RATE_LIMIT_PER_SECOND: '0', CRM_ADDRESS_RATE_LIMIT_PER_SECOND: '0', CRM_DORMANCY_SWEEP_MINUTES: '0' };
  const child = spawn(process.execPath, [...(process.env.AB_NODE_ARGS?.split(' ').filter(Boolean) ?? []), ...TS, 'apps/api/src/main.ts'], { cwd: root, env, stdio: ['ignore', 'ignore', 'inherit'] });
  for (let i = 0; i < 900; i++) {
    if (await fetch(`${url}/health`).then((r) => r.status === 200, () => false)) return { url, child };
    await sleep(100);
  }
  throw new Error(`${root} did not start`);
}

async function seed(url: string): Promise<void> {
  const commands = seedCommands();
  for (const wave of ['RegisterCustomer', 'OpenOpportunity']) {
    const todo = commands.filter(([name]) => name === wave);
    let next = 0;
    await Promise.all(Array.from({ length: 16 }, async () => {
      for (let i = next++; i < todo.length; i = next++) {
        const [name, body] = todo[i];
        const reply = await fetch(`${url}/commands/${name}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` }, body: JSON.stringify(body) });
        if (reply.status !== 200) throw new Error(`seeding ${name} answered ${reply.status}: ${await reply.text()}`);
      }
    }));
  }
}

function load(url: string): Promise<{ requestsPerSecond: number; p50: number; p99: number; non2xx: number }> {
  return new Promise((done, fail) => {
    const args = { url, connections: Number(process.env.AB_CONNECTIONS ?? 16), duration: SECONDS, key: KEY, analystKey: ANALYST, salt: randomUUID().slice(0, 8) };
    const child = spawn(process.execPath, [...TS, join(BENCH, 'peers/load.ts'), JSON.stringify(args)], { cwd: resolve(BENCH, '..'), stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.on('exit', (code) => (code === 0 ? done(JSON.parse(out.trim().split('\n').pop() as string)) : fail(new Error(`load exited ${code}: ${out}`))));
  });
}

async function main(): Promise<void> {
  const [a, b, rounds = '2'] = process.argv.slice(2);
  for (let round = 0; round < Number(rounds); round++) {
    for (const root of [a, b]) {
      const dir = mkdtempSync(join(tmpdir(), 'ab-http-'));
      const { url, child } = await start(root, dir);
      await seed(url);
      const result = await load(url);
      console.log(JSON.stringify({ root, round, ...result }));
      await new Promise<void>((done) => { child.once('exit', () => done()); child.kill('SIGTERM'); });
      rmSync(dir, { recursive: true, force: true });
    }
  }
}
main().catch((error) => { console.error(error); process.exit(1); });
