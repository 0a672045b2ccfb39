/**
 * Append throughput at the durable default (synchronous=FULL): our SQLite event store through
 * its port (expected-revision checks, hash chain) against the floor, the same rows written
 * straight with better-sqlite3 at the same durability.
 *
 *   npm run bench -- append            (writes bench/results/append.json)
 */
import { NewEvent, SqliteEventStore, openSqlite } from '@crm/event-store';
import Database from 'better-sqlite3';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { execSync } from 'node:child_process';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 20_000);
const STREAMS = 1_000;
const CLIENTS = 16;
const RUNS = 3;
const payload = { customerId: 'c', channel: 'call', direction: 'inbound', kind: 'follow-up', summary: 'x'.repeat(120) };

const event = (i: number): NewEvent => ({
  eventId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
  type: 'InteractionLogged',
  data: payload,
  metadata: { occurredAt: '2026-01-01T00:00:00.000Z', actor: 'bench', commandType: 'LogInteraction', commandId: 'c', correlationId: 'c', causationId: 'c', schemaVersion: 2 },
});

async function ours(dir: string, clients: number): Promise<number> {
  const store = new SqliteEventStore(openSqlite(join(dir, 'ours.sqlite'), 'full'));
  const versions = new Array(STREAMS).fill(-1);
  const started = process.hrtime.bigint();
  let next = 0;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      for (let i = next++; i < EVENTS; i = next++) {
        const stream = i % STREAMS;
        const expected = versions[stream];
        versions[stream] = expected + 1;
        await store.appendToStream(`s-${stream}`, [event(i)], { expectedRevision: expected === -1 ? 'no-stream' : expected });
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await store.close();
  return EVENTS / seconds;
}

function floor(dir: string): number {
  const db = new Database(join(dir, 'floor.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE events (position INTEGER PRIMARY KEY AUTOINCREMENT, stream_id TEXT, version INTEGER, data TEXT, UNIQUE(stream_id, version))');
  const insert = db.prepare('INSERT INTO events (stream_id, version, data) VALUES (?, ?, ?)');
  const one = db.transaction((i: number) => insert.run(`s-${i % STREAMS}`, Math.floor(i / STREAMS), JSON.stringify(payload)));
  const started = process.hrtime.bigint();
  for (let i = 0; i < EVENTS; i++) one.immediate(i);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  db.close();
  return EVENTS / seconds;
}

const stats = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return { min: Math.round(sorted[0]), median: Math.round(sorted[Math.floor(sorted.length / 2)]), max: Math.round(sorted[sorted.length - 1]) };
};

async function main() {
  const results: Record<string, number[]> = { 'ours, 1 client': [], [`ours, ${CLIENTS} clients`]: [], 'floor, one row per transaction': [] };
  for (let run = 0; run <= RUNS; run++) {
    const dir = mkdtempSync(join(tmpdir(), 'crm-bench-'));
    const a = await ours(join(dir), 1);
    rmSync(join(dir, 'ours.sqlite'), { force: true });
    rmSync(join(dir, 'ours.sqlite-wal'), { force: true });
    rmSync(join(dir, 'ours.sqlite-shm'), { force: true });
    const b = await ours(dir, CLIENTS);
    const c = floor(dir);
    rmSync(dir, { recursive: true, force: true });
    if (run === 0) continue; // warm-up
    results['ours, 1 client'].push(a);
    results[`ours, ${CLIENTS} clients`].push(b);
    results['floor, one row per transaction'].push(c);
  }
  const table = Object.fromEntries(Object.entries(results).map(([name, values]) => [name, stats(values)]));
  console.table(Object.fromEntries(Object.entries(table).map(([name, s]) => [name, { 'events/s min': s.min, median: s.median, max: s.max }])));
  const commit = execSync('git rev-parse --short HEAD').toString().trim();
  mkdirSync(join(__dirname, 'results'), { recursive: true });
  writeFileSync(
    join(__dirname, 'results', 'append.json'),
    JSON.stringify({ scenario: 'append', events: EVENTS, streams: STREAMS, synchronous: 'FULL', machine: { cores: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version }, commit, runs: RUNS, eventsPerSecond: table }, null, 2) + '\n',
  );
}

void main();
