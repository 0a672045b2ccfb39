/**
 * A CPU profile of our server under the http scenario's load at c=16, seeding left out:
 *   node -r ts-node/register/transpile-only -r tsconfig-paths/register bench/support/profile-http.ts <profile-dir> [extra env as K=V…]
 * Seeds a folder through one server, then starts another on it with `--cpu-prof` for the load
 * alone (its start-up is in the profile too: look at what runs under the request handlers).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadOurServer, seedOurServer, startOurServer, stopProcess } from './our-server-process';

const ROOT = resolve(__dirname, '../..');
const SECONDS = Number(process.env.BENCH_HTTP_SECONDS ?? 12);

async function main(): Promise<void> {
  const [profileDir, ...pairs] = process.argv.slice(2);
  const env = Object.fromEntries(pairs.map((pair) => pair.split('=') as [string, string]));
  const dir = mkdtempSync(join(tmpdir(), 'profile-http-'));
  try {
    const seeding = await startOurServer(ROOT, dir, { env });
    await seedOurServer(seeding.url);
    await stopProcess(seeding.child);
    const { url, child } = await startOurServer(ROOT, dir, { env, nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] });
    try {
      console.log(JSON.stringify(await loadOurServer(url, 16, SECONDS, { learnStages: true })));
    } finally {
      await stopProcess(child); // a failed load must not leave a server running (and taking a core) behind
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
main().catch((error) => { console.error(error); process.exit(1); });
