/**
 * Our server as a process for the support scripts (ab-http.ts, profile-http.ts): started from a
 * checkout with ts-node, seeded with the http scenario's customers and opportunities, loaded by
 * peers/load.ts, stopped.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { seedCommands } from './command-mix';

export const KEY = 'bench-service-key';
export const ANALYST = 'bench-analyst-key';
const TS = ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register'];
const BENCH = resolve(__dirname, '..');
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

const freePort = () =>
  new Promise<number>((done) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => done(port));
    });
  });

/** apps/api/src/main.ts of `root` on a free port over `dir`, ready once /health answers 200. */
export async function startOurServer(root: string, dir: string, options: { nodeArgs?: string[]; env?: Record<string, string> } = {}): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env = {
    ...process.env,
    NODE_ENV: 'development',
    PORT: String(port),
    HOST: '127.0.0.1',
    CRM_DATA_DIR: dir,
    CRM_API_KEYS: `${KEY}:service,${ANALYST}:analyst`,
    CRM_RATE_LIMIT_PER_SECOND: '0',
    CRM_ADDRESS_RATE_LIMIT_PER_SECOND: '0',
    CRM_DORMANCY_SWEEP_MINUTES: '0',
    ...options.env,
  };
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), ...TS, 'apps/api/src/main.ts'], { cwd: root, env, stdio: ['ignore', 'ignore', 'inherit'] });
  for (let i = 0; i < 900; i++) {
    if (await fetch(`${url}/health`).then((r) => r.status === 200, () => false)) return { url, child };
    await sleep(100);
  }
  throw new Error(`${root} did not start`);
}

export const stopProcess = (child: ChildProcess) =>
  new Promise<void>((done) => {
    if (child.exitCode !== null || child.signalCode !== null) return done();
    child.once('exit', () => done());
    child.kill('SIGTERM');
  });

/** Customers first, then their opportunities (which need the customer), 16 requests at a time. */
export async function seedOurServer(url: string): Promise<void> {
  const commands = seedCommands();
  for (const wave of ['RegisterCustomer', 'OpenOpportunity']) {
    const todo = commands.filter(([name]) => name === wave);
    let next = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        for (let i = next++; i < todo.length; i = next++) {
          const [name, body] = todo[i];
          const reply = await fetch(`${url}/commands/${name}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` }, body: JSON.stringify(body) });
          if (reply.status !== 200) throw new Error(`seeding ${name} answered ${reply.status}: ${await reply.text()}`);
        }
      }),
    );
  }
}

export type LoadResult = { requestsPerSecond: number; p50: number; p99: number; non2xx: number };

/** The mix at `connections` for `seconds`, from peers/load.ts in its own process. */
export function loadOurServer(url: string, connections: number, seconds: number, extra: Record<string, unknown> = {}): Promise<LoadResult> {
  return new Promise((done, fail) => {
    const args = { url, connections, duration: seconds, key: KEY, analystKey: ANALYST, salt: randomUUID().slice(0, 8), ...extra };
    const child = spawn(process.execPath, [...TS, join(BENCH, 'peers/load.ts'), JSON.stringify(args)], { cwd: resolve(BENCH, '..'), stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.on('exit', (code) => (code === 0 ? done(JSON.parse(out.trim().split('\n').pop() as string)) : fail(new Error(`load exited ${code}: ${out}`))));
  });
}
