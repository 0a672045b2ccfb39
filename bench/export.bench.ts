/**
 * Scenario 5, audit export: every event of the log as NDJSON, events/s and peak RSS, at 100,000
 * and at BENCH_EVENTS (default 1,000,000) events: memory must stay flat as the log grows.
 *
 *   npm run bench -- export
 *
 * - ours: what `npm run cli -- audit export --out <file>` runs (the audit log's streaming reader
 *   over the revealing event store, personal fields opened with their keys), into /dev/null;
 * - the floor: the rows read in order with better-sqlite3, one JSON line each, into /dev/null;
 * - the peer: Emmett's batched reader over its copy of the log, one JSON line per message.
 */
import { AuditLog } from '@crm/application';
import Database from 'better-sqlite3';
import { copyFileSync, createWriteStream, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { parseConfig } from '../apps/api/src/config/app-config';
import { revealedLog, runWith } from '../apps/cli/src/composition/cli-composition';
import { RUNS, Row, inChild, report, seconds, stats, withPeakRss, workDir } from './support/bench-kit';
import { preparedEmmettLog, preparedOurLog } from './support/prepared-log';

/** Writes lines with back-pressure, as the CLI does. */
function sink(): { write(line: string): Promise<void>; end(): Promise<void> } {
  const out: Writable = createWriteStream('/dev/null');
  return {
    write: (line) => (out.write(line) ? Promise.resolve() : new Promise((resolve) => out.once('drain', resolve))),
    end: () => new Promise((resolve) => out.end(resolve)),
  };
}

export const variants = {
  async ours({ log, dir }: { log: string; dir: string }) {
    copyFileSync(log, join(dir, 'crm.sqlite'));
    const config = parseConfig({ CRM_DATA_DIR: dir, NODE_ENV: 'development' });
    const out = sink();
    const { result, peakRssMiB } = await withPeakRss(() =>
      runWith(config, revealedLog, async ({ events }) => {
        const started = process.hrtime.bigint();
        let count = 0;
        for await (const event of new AuditLog(events).events({})) {
          await out.write(`${JSON.stringify(event)}\n`);
          count += 1;
        }
        await out.end();
        return { count, took: seconds(started) };
      }),
    );
    return { eventsPerSecond: result.count / result.took, peakRssMiB, count: result.count };
  },

  async floor({ log }: { log: string }) {
    const db = new Database(log, { readonly: true });
    const out = sink();
    const { result, peakRssMiB } = await withPeakRss(async () => {
      const started = process.hrtime.bigint();
      let count = 0;
      for (const row of db.prepare<[], Record<string, unknown>>('SELECT * FROM events ORDER BY position').iterate()) {
        await out.write(`${JSON.stringify({ ...row, position: String(row.position), data: JSON.parse(row.data as string), metadata: JSON.parse(row.metadata as string) })}\n`);
        count += 1;
      }
      await out.end();
      return { count, took: seconds(started) };
    });
    db.close();
    return { eventsPerSecond: result.count / result.took, peakRssMiB, count: result.count };
  },

  async emmett({ log }: { log: string }) {
    const { tunedConnection } = await import('./peers/emmett');
    const { readMessagesBatch } = await import('@event-driven-io/emmett-sqlite');
    const connection = await tunedConnection(log);
    const out = sink();
    const { result, peakRssMiB } = await withPeakRss(async () => {
      const started = process.hrtime.bigint();
      let count = 0;
      let after = 0n;
      for (;;) {
        const batch = await readMessagesBatch(connection, { after, batchSize: 1_000 });
        for (const message of batch.messages) {
          await out.write(`${JSON.stringify(message, (_key, value) => (typeof value === 'bigint' ? value.toString() : value))}\n`);
          count += 1;
        }
        if (!batch.areEventsLeft || batch.messages.length === 0) break;
        after = batch.currentGlobalPosition;
      }
      await out.end();
      return { count, took: seconds(started) };
    });
    connection.close();
    return { eventsPerSecond: result.count / result.took, peakRssMiB, count: result.count };
  },
};

const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const SMALL = Math.min(100_000, EVENTS);

export async function main(): Promise<void> {
  console.log(`export: ${SMALL.toLocaleString('en-US')} and ${EVENTS.toLocaleString('en-US')} events, ${RUNS} runs after a warm-up`);
  const sizes = [...new Set([SMALL, EVENTS])];
  const logs = new Map<number, { ours: string; emmett: string }>();
  for (const size of sizes) logs.set(size, { ours: await preparedOurLog(size), emmett: await preparedEmmettLog(size) });
  const plan: [string, keyof typeof variants, 'ours' | 'emmett'][] = [
    ['floor: rows to JSON lines', 'floor', 'ours'],
    ['ours: audit export (revealing reader)', 'ours', 'ours'],
    ['Emmett: batched reader to JSON lines', 'emmett', 'emmett'],
  ];
  const results = new Map<string, Map<number, { rate: number[]; rss: number[] }>>();
  for (let run = 0; run <= RUNS; run++) {
    for (const size of sizes) {
      // The warm-up only reads each log once (the floor's pass and the peer's), filling the page cache.
      for (const [label, variant, which] of run === 0 ? plan.filter(([, v]) => v !== 'ours') : plan) {
        const dir = workDir(`export-${process.pid}`);
        try {
          const measured = await inChild(__filename, variant, { log: logs.get(size)![which], dir });
          if (measured.count !== size) throw new Error(`${label} exported ${measured.count} of ${size} events`);
          if (run === 0) continue;
          const bySize = results.get(label) ?? new Map();
          results.set(label, bySize);
          const entry = bySize.get(size) ?? { rate: [], rss: [] };
          bySize.set(size, entry);
          entry.rate.push(measured.eventsPerSecond);
          entry.rss.push(measured.peakRssMiB);
          console.log(`  ${label}, ${size.toLocaleString('en-US')}: ${Math.round(measured.eventsPerSecond).toLocaleString('en-US')} events/s, peak RSS ${measured.peakRssMiB} MiB`);
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      }
    }
  }
  const rows: Row[] = [];
  const growth: Record<string, number> = {};
  for (const [label, bySize] of results) {
    const small = bySize.get(SMALL)!;
    const large = bySize.get(EVENTS)!;
    growth[label] = stats(large.rss).median / stats(small.rss).median - 1;
    rows.push({
      variant: label,
      values: {
        [`events/s at ${SMALL / 1000}k`]: stats(small.rate),
        [`events/s at ${EVENTS / 1000}k`]: stats(large.rate),
        [`peak RSS MiB at ${SMALL / 1000}k`]: stats(small.rss),
        [`peak RSS MiB at ${EVENTS / 1000}k`]: stats(large.rss),
        'RSS growth': `${(100 * growth[label]).toFixed(1)}%`,
      },
    });
  }
  report(
    'export',
    `NDJSON export of the whole log into /dev/null, at ${SMALL.toLocaleString('en-US')} and ${EVENTS.toLocaleString('en-US')} events; median (min–max) of ${RUNS} runs after a warm-up, each in a fresh process (whose RSS includes the runtime, about 150 MiB).`,
    Object.keys(rows[0]?.values ?? {}),
    rows,
    { rssGrowth: growth, target: 'ours: peak RSS flat within 10% from 100k to 1M events' },
  );
}
