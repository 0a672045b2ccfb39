/**
 * Scenario 3, replay: rebuild every read model from a stored log of BENCH_EVENTS events
 * (default 1,000,000): events/s and peak RSS.
 *
 *   npm run bench -- replay
 *
 * - ours: the projection engine with all six projections (customers, timeline, leads,
 *   opportunities, segments, store clock) into a fresh read-model file, as `rebuild` does;
 * - the floor: the same rows read in order with better-sqlite3 and folded into in-memory totals
 *   (revenue, interactions, costs per customer), with no writes at all;
 * - the write floor: the floor plus one indexed document written per event, the least any
 *   rebuild of a per-event timeline must write (not a target; it shows where the writes put it);
 * - the peer: Emmett reading its copy of the log with its own batched reader and the same fold.
 *   Emmett has no equivalent of our read models; its projections are user code, so this row is
 *   its read path only, comparable to the floor, not to ours.
 */
import { SqliteEventStore, openSqlite } from '@crm/event-store';
import { ALL_PROJECTIONS, ProjectionEngine } from '@crm/projections';
import { SqliteReadStore } from '@crm/read-store';
import Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { RUNS, Row, inChild, report, seconds, stats, withPeakRss, workDir } from './support/bench-kit';
import { preparedEmmettLog, preparedOurLog } from './support/prepared-log';

/** The floor's and the peer's fold: per-customer totals, as the value read model keeps them. */
function folder() {
  const totals = new Map<string, { revenue: number; interactions: number; cost: number }>();
  const fold = (type: string, data: Record<string, unknown>) => {
    const id = data.customerId as string;
    let t = totals.get(id);
    if (!t) totals.set(id, (t = { revenue: 0, interactions: 0, cost: 0 }));
    if (type === 'PurchaseRecorded') t.revenue += data.total as number;
    else if (type === 'InteractionLogged') t.interactions += 1;
    else if (type === 'CostRecorded') t.cost += data.amount as number;
  };
  return { totals, fold };
}

export const variants = {
  async ours({ log, dir }: { log: string; dir: string }) {
    const events = new SqliteEventStore(openSqlite(log, 'normal'));
    const reads = new SqliteReadStore(openSqlite(join(dir, 'read-models.sqlite'), 'normal'));
    const head = (await events.headPosition()) as string;
    const count = Number(head);
    const { result: elapsed, peakRssMiB } = await withPeakRss(async () => {
      const started = process.hrtime.bigint();
      const engine = new ProjectionEngine(ALL_PROJECTIONS, events, reads, { owner: 'bench-replay' });
      engine.start();
      await engine.waitFor(ALL_PROJECTIONS.map((p) => p.name), head, 3_600_000);
      const took = seconds(started);
      const failed = (await engine.statuses()).filter((s) => s.status === 'failed');
      await engine.stop();
      if (failed.length) throw new Error(`projections failed: ${JSON.stringify(failed.map((s) => s.error))}`);
      return took;
    });
    await reads.close();
    await events.close();
    return { eventsPerSecond: count / elapsed, peakRssMiB };
  },

  async floor({ log }: { log: string }) {
    const db = new Database(log, { readonly: true });
    const { totals, fold } = folder();
    const { result, peakRssMiB } = await withPeakRss(async () => {
      const started = process.hrtime.bigint();
      let count = 0;
      for (const row of db.prepare<[], { type: string; data: string }>('SELECT type, data FROM events ORDER BY position').iterate()) {
        fold(row.type, JSON.parse(row.data));
        count += 1;
      }
      return { count, took: seconds(started) };
    });
    db.close();
    if (totals.size === 0) throw new Error('folded nothing');
    return { eventsPerSecond: result.count / result.took, peakRssMiB };
  },

  /**
   * The least writing any rebuild of our read models must do: read and fold as the floor does,
   * and write one document per event (the timeline's share alone; ours writes five more read
   * models) into a table shaped as the read store's, with the timeline's index, in transactions
   * of 4,096 events at the read store's durability (NORMAL: read models are rebuildable).
   */
  async floorWithWrites({ log, dir }: { log: string; dir: string }) {
    const db = new Database(log, { readonly: true });
    const out = new Database(join(dir, 'floor-read-models.sqlite'));
    out.pragma('journal_mode = WAL');
    out.pragma('synchronous = NORMAL');
    out.exec(`CREATE TABLE read_documents (collection TEXT NOT NULL, id TEXT NOT NULL, body TEXT NOT NULL, PRIMARY KEY (collection, id)) WITHOUT ROWID;
      CREATE INDEX timeline_by_customer ON read_documents (json_extract(body, '$.customerId'), json_extract(body, '$.sortKey')) WHERE collection = 'timeline'`);
    const { totals, fold } = folder();
    const put = out.prepare<[string, string, string]>('INSERT OR REPLACE INTO read_documents (collection, id, body) VALUES (?, ?, ?)');
    type Stored = { position: number; event_id: string; stream_id: string; type: string; data: string; metadata: string };
    const write = out.transaction((rows: Stored[]) => {
      for (const row of rows) {
        const data = JSON.parse(row.data) as Record<string, unknown>;
        const at = (JSON.parse(row.metadata) as { occurredAt: string }).occurredAt;
        fold(row.type, data);
        const document = { id: row.event_id, customerId: data.customerId, at, sortKey: `${at}|${String(row.position).padStart(40, '0')}`, type: row.type, streamId: row.stream_id, data };
        put.run('timeline', row.event_id, JSON.stringify(document));
      }
    });
    const { result, peakRssMiB } = await withPeakRss(async () => {
      const started = process.hrtime.bigint();
      let count = 0;
      let batch: Stored[] = [];
      for (const row of db.prepare<[], Stored>('SELECT position, event_id, stream_id, type, data, metadata FROM events ORDER BY position').iterate()) {
        batch.push(row);
        if (batch.length === 4_096) {
          write(batch);
          count += batch.length;
          batch = [];
        }
      }
      write(batch);
      count += batch.length;
      return { count, took: seconds(started) };
    });
    db.close();
    out.close();
    if (totals.size === 0) throw new Error('folded nothing');
    return { eventsPerSecond: result.count / result.took, peakRssMiB };
  },

  async emmett({ log }: { log: string }) {
    const { readAllWithEmmett } = await import('./peers/emmett');
    const { totals, fold } = folder();
    const { result, peakRssMiB } = await withPeakRss(async () => {
      const started = process.hrtime.bigint();
      const count = await readAllWithEmmett(log, 1_000, fold);
      return { count, took: seconds(started) };
    });
    if (totals.size === 0) throw new Error('folded nothing');
    return { eventsPerSecond: result.count / result.took, peakRssMiB };
  },
};

export const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);

/** Runs the chosen variants over a log of `events`; used by replay and (ours and the floor only) by the growth scenario. */
export async function runReplay(events: number, runs = RUNS, chosen: (keyof typeof variants)[] = ['floor', 'floorWithWrites', 'ours', 'emmett']): Promise<Record<string, { rate: number[]; rss: number[] }>> {
  const ourLog = await preparedOurLog(events);
  const emmettLog = chosen.includes('emmett') ? await preparedEmmettLog(events) : undefined;
  const plan = (
    [
      ['floor: read and fold, no writes', 'floor', { log: ourLog }],
      ['floor: read, fold and write one indexed document per event', 'floorWithWrites', { log: ourLog }],
      ['ours: rebuild all six read models', 'ours', { log: ourLog }],
      ['Emmett: its batched reader and the same fold, no writes', 'emmett', { log: emmettLog }],
    ] as [string, keyof typeof variants, Record<string, unknown>][]
  ).filter(([, variant]) => chosen.includes(variant) && (variant !== 'emmett' || emmettLog));
  const results: Record<string, { rate: number[]; rss: number[] }> = {};
  for (let run = 0; run <= runs; run++) {
    // The warm-up reads each log once (the floor's pass), so every variant finds it in the page cache.
    for (const [label, variant, args] of run === 0 ? plan.filter(([, v]) => v !== 'ours') : plan) {
      const dir = workDir(`replay-${process.pid}`);
      try {
        const measured = await inChild(__filename, variant, { ...args, dir });
        if (run === 0) continue;
        (results[label] ??= { rate: [], rss: [] }).rate.push(measured.eventsPerSecond);
        results[label].rss.push(measured.peakRssMiB);
        console.log(`  ${label}: ${Math.round(measured.eventsPerSecond).toLocaleString('en-US')} events/s, peak RSS ${measured.peakRssMiB} MiB`);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  }
  return results;
}

export async function main(): Promise<void> {
  console.log(`replay: ${EVENTS.toLocaleString('en-US')} stored events, ${RUNS} runs after a warm-up`);
  const results = await runReplay(EVENTS);
  const rows: Row[] = Object.entries(results).map(([variant, { rate, rss }]) => ({ variant, values: { 'events/s': stats(rate), 'peak RSS MiB': stats(rss) } }));
  const ours = stats(results['ours: rebuild all six read models'].rate).median;
  const floor = stats(results['floor: read and fold, no writes'].rate).median;
  const writeFloor = stats(results['floor: read, fold and write one indexed document per event'].rate).median;
  report(
    'replay',
    `Rebuilding from ${EVENTS.toLocaleString('en-US')} stored events (10,000 customer streams), median (min–max) of ${RUNS} runs after a warm-up, each in a fresh process.`,
    ['events/s', 'peak RSS MiB'],
    rows,
    {
      ratios: {
        oursVsFloor: ours / floor,
        oursEventsPerSecond: ours,
        writeFloorVsFloor: writeFloor / floor,
        oursVsWriteFloor: ours / writeFloor,
        targets: { oursVsWriteFloor: '>= 0.75 (issue #17)' },
      },
    },
  );
  console.log(`ours / write floor: ${(ours / writeFloor).toFixed(2)} (target ≥ 0.75); ours: ${Math.round(ours).toLocaleString('en-US')} events/s`);
}
