/**
 * Scenario 6, cost growth: append (ours, batched) and replay (ours, all read models) at growing
 * log sizes: the per-event cost must not grow with the log (no O(n) step per event).
 *
 *   npm run bench -- growth        BENCH_GROWTH_SIZES=100000,1000000,3000000 (the default)
 *
 * Each size appends into a fresh file and replays a prepared log of that size, RUNS times.
 */
import { rmSync } from 'node:fs';
import { RUNS, Row, inChild, report, stats, workDir } from './support/bench-kit';
import { CUSTOMERS } from './support/prepared-log';
import { runReplay } from './replay.bench';

const SIZES = (process.env.BENCH_GROWTH_SIZES ?? '100000,1000000,3000000').split(',').map(Number);

export async function main(): Promise<void> {
  console.log(`growth: ${SIZES.map((s) => s.toLocaleString('en-US')).join(', ')} events, ${RUNS} runs each`);
  const rows: Row[] = [];
  const perEvent: Record<string, Record<number, number>> = { append: {}, replay: {} };
  const replayRss: Record<number, number> = {};
  for (const size of SIZES) {
    const append: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const dir = workDir(`growth-${process.pid}`);
      try {
        append.push((await inChild(require.resolve('./append.bench'), 'ours-batched', { dir, events: size, customers: Math.min(CUSTOMERS, size) })).eventsPerSecond);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
    const replay = (await runReplay(size, RUNS, ['floor', 'ours']))['ours: rebuild all six read models'];
    perEvent.append[size] = 1e6 / stats(append).median;
    perEvent.replay[size] = 1e6 / stats(replay.rate).median;
    replayRss[size] = stats(replay.rss).median;
    console.log(`  ${size.toLocaleString('en-US')}: append ${Math.round(stats(append).median).toLocaleString('en-US')} events/s, replay ${Math.round(stats(replay.rate).median).toLocaleString('en-US')} events/s`);
    rows.push({
      variant: `${size.toLocaleString('en-US')} events`,
      values: {
        'append events/s': stats(append),
        'append µs/event': perEvent.append[size].toFixed(1),
        'replay events/s': stats(replay.rate),
        'replay µs/event': perEvent.replay[size].toFixed(1),
        'replay peak RSS MiB': stats(replay.rss),
      },
    });
  }
  const first = SIZES[0];
  const last = SIZES[SIZES.length - 1];
  const growth = { append: perEvent.append[last] / perEvent.append[first], replay: perEvent.replay[last] / perEvent.replay[first] };
  report(
    'growth',
    `Ours at ${SIZES.map((s) => s.toLocaleString('en-US')).join(', ')} events (${CUSTOMERS.toLocaleString('en-US')} streams; append 100 events per append, 16 in flight; replay of all six read models), median (min–max) of ${RUNS} runs.`,
    ['append events/s', 'append µs/event', 'replay events/s', 'replay µs/event', 'replay peak RSS MiB'],
    rows,
    { perEventCostGrowth: growth, rssGrowth: { replay: replayRss[last] / replayRss[first] - 1 }, meaning: `per-event cost at ${last.toLocaleString('en-US')} divided by at ${first.toLocaleString('en-US')}: 1.0 is flat` },
  );
}
