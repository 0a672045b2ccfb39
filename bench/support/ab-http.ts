/**
 * A/B of our server at c=16 (the http scenario's mix) between two checkouts, alternating runs:
 *   node -r ts-node/register/transpile-only -r tsconfig-paths/register bench/support/ab-http.ts <rootA> <rootB> [rounds]
 * AB_CONNECTIONS sets the connections (16); AB_LOAD_EXTRA adds options of the load generator as JSON
 * (e.g. `{"overallRate":800,"probeLag":true,"learnStages":true}` for the live lag). AB_NODE_ARGS adds options to the servers' node (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`), AB_NODE_ARGS_B to B's alone (A/B of a node flag on one checkout: give the same root twice).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOurServer, seedOurServer, startOurServer, stopProcess } from './our-server-process';

const SECONDS = Number(process.env.BENCH_HTTP_SECONDS ?? 12);

async function main(): Promise<void> {
  const [a, b, rounds = '2'] = process.argv.slice(2);
  const args = (value: string | undefined) => value?.split(' ').filter(Boolean) ?? [];
  const nodeArgs = args(process.env.AB_NODE_ARGS);
  for (let round = 0; round < Number(rounds); round++) {
    for (const [side, root] of [['A', a], ['B', b]]) {
      const dir = mkdtempSync(join(tmpdir(), 'ab-http-'));
      const { url, child } = await startOurServer(root, dir, { nodeArgs: side === 'B' ? [...nodeArgs, ...args(process.env.AB_NODE_ARGS_B)] : nodeArgs });
      try {
        await seedOurServer(url);
        const result = await loadOurServer(url, Number(process.env.AB_CONNECTIONS ?? 16), SECONDS, JSON.parse(process.env.AB_LOAD_EXTRA ?? '{}'));
        console.log(JSON.stringify({ side, root, round, ...result }));
      } finally {
        await stopProcess(child); // a failed run must not leave a server running behind
        rmSync(dir, { recursive: true, force: true });
      }
    }
  }
}
main().catch((error) => { console.error(error); process.exit(1); });
