/**
 * A CPU profile of our server under the http scenario's load at c=16, seeding left out:
 *   node -r ts-node/register/transpile-only -r tsconfig-paths/register bench/support/profile-http.ts <profile-dir> [extra env as K=V…]
 * Seeds a folder through one server, then starts another on it with `--cpu-prof` for the load
 * alone (its start-up is in the profile too: look at what runs under the request handlers).
 */
import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { seedCommands } from './command-mix';

const ROOT = resolve(__dirname, '../..');
const KEY = 'bench-service-key';
const ANALYST = 'bench-analyst-key';
const TS = ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register'];
const SECONDS = Number(process.env.BENCH_HTTP_SECONDS ?? 12);
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));
const freePort = () => new Promise<number>((done) => { const probe = createServer().listen(0, '127.0.0.1', () => { const { port } = probe.address() as { port: number }; probe.close(() => done(port)); }); });

async function start(dir: string, nodeArgs: string[], extra: Record<string, string>): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env = { ...process.env, NODE_ENV: 'development', PORT: String(port), HOST: '127.0.0.1', CRM_DATA_DIR: dir, CRM_API_KEYS: `${KEY}:service,${ANALYST}:analyst`, CRM_RATE_LIMIT_PER_SECOND: '0', CRM_ADDRESS_RATE_LIMIT_PER_SECOND: '0', CRM_DORMANCY_SWEEP_MINUTES: '0', ...extra };
  const child = spawn(process.execPath, [...nodeArgs, ...TS, 'apps/api/src/main.ts'], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'inherit'] });
  for (let i = 0; i < 900; i++) {
    if (await fetch(`${url}/health`).then((r) => r.status === 200, () => false)) return { url, child };
    await sleep(100);
  }
  throw new Error('the server did not start');
}
const stop = (child: ChildProcess) => new Promise<void>((done) => { if (child.exitCode !== null || child.signalCode !== null) return done(); child.once('exit', () => done()); child.kill('SIGTERM'); });

async function main(): Promise<void> {
  const [profileDir, ...pairs] = process.argv.slice(2);
  const extra = Object.fromEntries(pairs.map((pair) => pair.split('=') as [string, string]));
  const dir = mkdtempSync(join(tmpdir(), 'profile-http-'));
  try {
    const seeding = await start(dir, [], extra);
    for (const wave of ['RegisterCustomer', 'OpenOpportunity']) {
      const todo = seedCommands().filter(([name]) => name === wave);
      let next = 0;
      await Promise.all(Array.from({ length: 16 }, async () => {
        for (let i = next++; i < todo.length; i = next++) {
          const [name, body] = todo[i];
          const reply = await fetch(`${seeding.url}/commands/${name}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` }, body: JSON.stringify(body) });
          if (reply.status !== 200) throw new Error(`seeding ${name} answered ${reply.status}`);
        }
      }));
    }
    await stop(seeding.child);
    const { url, child } = await start(dir, ['--cpu-prof', `--cpu-prof-dir=${profileDir}`], extra);
    const args = { url, connections: 16, duration: SECONDS, key: KEY, analystKey: ANALYST, salt: randomUUID().slice(0, 8), learnStages: true };
    const load = spawn(process.execPath, [...TS, join(__dirname, '../peers/load.ts'), JSON.stringify(args)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    load.stdout.on('data', (chunk) => (out += chunk));
    await new Promise((done) => load.on('exit', done));
    console.log(out.trim().split('\n').pop());
    await stop(child);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
main().catch((error) => { console.error(error); process.exit(1); });
