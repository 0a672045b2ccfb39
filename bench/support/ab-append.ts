/**
 * A/B of ours batched (the append scenario's variant, on the writer thread and inline) in one
 * checkout; alternate checkouts by calling each one's own copy, since the variant resolves
 * @crm/* from the tree it runs in:
 *   (cd <root> && node -r ts-node/register/transpile-only -r tsconfig-paths/register bench/support/ab-append.ts)
 * AB_EVENTS (400,000), AB_CUSTOMERS (4,000: 100 events per stream, the 1M scenario's shape), AB_ROUNDS (1), AB_WRITERS (thread,inline).
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { inChild, workDir } from './bench-kit';

async function main(): Promise<void> {
  const events = Number(process.env.AB_EVENTS ?? 400_000);
  const customers = Number(process.env.AB_CUSTOMERS ?? 4_000);
  for (let round = 1; round <= Number(process.env.AB_ROUNDS ?? 1); round++) {
    for (const writer of (process.env.AB_WRITERS ?? 'thread,inline').split(',')) {
      const dir = workDir(`ab-append-${process.pid}`);
      try {
        const measured = await inChild(join(__dirname, '..', 'append.bench.ts'), 'ours-batched', { dir, events, customers, writer });
        console.log(`round ${round} ${writer}: ${Math.round(measured.eventsPerSecond)} events/s`);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  }
}
main().catch((error) => {
  console.error(error);
  process.exit(1);
});
