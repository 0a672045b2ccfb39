/**
 * Scenario 1, append: the same CRM history written by ours (the SQLite event store through its
 * port: expected-revision check, duplicate-id check, hash chain), by the peer (Emmett) and by
 * the floor (better-sqlite3 with no framework), all at synchronous=FULL.
 *
 *   npm run bench -- append
 *   BENCH_EVENTS=1000000 BENCH_COMMAND_EVENTS=20000 BENCH_RUNS=3 (the defaults)
 *
 * "Batched" writes 100 events of one stream per append (ours: 16 appends in flight, which group
 * commit shares; Emmett: one after the other, see peers/emmett.ts) and the floor 1,000 rows per
 * transaction. "One command per append" writes one event per append, on the first
 * BENCH_COMMAND_EVENTS events of the same history (at one fsync per commit, a million of them
 * would take each variant over ten minutes).
 */
import { SqliteEventStore, linkEvents, openSqlite, serialiseEvents } from '@crm/event-store';
import { EVENT_LOG_SCHEMA } from '@crm/event-store/sqlite/sqlite-event-store.schema';
import Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { WriterThread } from '../apps/api/src/infrastructure/writer-thread/writer-thread.client';
import { BenchEvent, appendHistory, benchEvent, streamBatches as historyBatches } from '../test/support/crm-history';

const streamBatches = ({ events, customers }: Args) => historyBatches(events, customers, PER_APPEND);
import { Row, RUNS, inChild, report, seconds, stats, workDir } from './support/bench-kit';

interface Args {
  dir: string;
  events: number;
  customers: number;
}
const PER_APPEND = 100;
const CLIENTS = 16;

/**
 * The floor's table: the minimal one (versioned rows, unique per stream and version), or with
 * `indexes: 'ours'` the same table and indexes as our event log (event id unique per stream for
 * idempotent retries, and by type for projections), to show what those indexes cost.
 */
function floorDb(dir: string, indexes: 'minimal' | 'ours' = 'minimal') {
  const db = new Database(join(dir, 'floor.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL'); // set explicitly: this build defaults WAL connections to NORMAL
  if (indexes === 'ours') db.exec(EVENT_LOG_SCHEMA);
  else
    db.exec(`CREATE TABLE events (position INTEGER PRIMARY KEY AUTOINCREMENT, stream_id TEXT NOT NULL, version INTEGER NOT NULL,
      event_id TEXT NOT NULL, type TEXT NOT NULL, data TEXT NOT NULL, metadata TEXT NOT NULL, UNIQUE (stream_id, version))`);
  const insert = db.prepare('INSERT INTO events (stream_id, version, event_id, type, data, metadata) VALUES (?, ?, ?, ?, ?, ?)');
  const row = ({ streamId, version, event }: BenchEvent) => insert.run(streamId, version, event.eventId, event.type, JSON.stringify(event.data), JSON.stringify(event.metadata));
  return { db, row, insert };
}

async function emmett(kind: 'documented' | 'tuned', file: string) {
  // Loaded here so that `npm test` (which type-checks bench/ without the peer installed) never needs it.
  const peer = await import('./peers/emmett');
  return kind === 'documented' ? peer.documentedEmmett(file) : peer.tunedEmmett(file);
}

const rate = (events: number, since: bigint) => ({ eventsPerSecond: events / seconds(since) });

/**
 * Our store over a fresh file. `writer: 'thread'` is the server's default (CRM_SQLITE_WRITER=thread):
 * the appends commit on a writer thread with its own connection; 'inline' commits them on the appending thread.
 */
async function ours(dir: string, writer: 'thread' | 'inline') {
  const file = join(dir, 'ours.sqlite');
  const thread = writer === 'thread' ? await WriterThread.start({ file, synchronous: 'full' }) : undefined;
  const store = new SqliteEventStore(openSqlite(file, 'full'), { writer: thread });
  const close = async () => {
    await thread?.close();
    await store.close();
  };
  return { store, close };
}

export const variants = {
  async 'floor-batched'(args: Args & { indexes?: 'minimal' | 'ours'; hashed?: boolean }) {
    const { db, row, insert } = floorDb(args.dir, args.indexes);
    const many = db.transaction((rows: BenchEvent[]) => rows.forEach(row));
    // With `hashed`, each stream batch is first chained as ours is (canonical JSON + SHA-256 per event).
    const chained = db.transaction((batches: BenchEvent[][]) => {
      for (const batch of batches) {
        const first = batch[0];
        const serialised = serialiseEvents(batch.map((b) => b.event), new Date().toISOString());
        linkEvents(first.streamId, undefined, serialised).forEach((link, i) => {
          insert.run(first.streamId, link.version + first.version, serialised[i].eventId, serialised[i].type, serialised[i].dataJson, link.metadataJson);
        });
      }
    });
    const started = process.hrtime.bigint();
    let pending: BenchEvent[][] = [];
    let count = 0;
    const commit = () => (args.hashed ? chained.immediate(pending) : many.immediate(pending.flat()));
    for (const batch of streamBatches(args)) {
      pending.push(batch);
      count += batch.length;
      if (count >= 1_000) {
        commit();
        pending = [];
        count = 0;
      }
    }
    if (pending.length) commit();
    const result = rate(args.events, started);
    db.close();
    return result;
  },

  async 'floor-per-event'(args: Args) {
    const { db, row } = floorDb(args.dir);
    const one = db.transaction(row);
    const started = process.hrtime.bigint();
    for (let k = 0; k < args.events; k++) one.immediate(benchEvent(k, args.customers));
    const result = rate(args.events, started);
    db.close();
    return result;
  },

  async 'ours-batched'(args: Args & { writer: 'thread' | 'inline' }) {
    const { store, close } = await ours(args.dir, args.writer);
    const started = process.hrtime.bigint();
    await appendHistory(store, args.events, args.customers, CLIENTS);
    const result = rate(args.events, started);
    await close();
    return result;
  },

  async 'ours-per-command'(args: Args & { clients: number; writer: 'thread' | 'inline' }) {
    const { store, close } = await ours(args.dir, args.writer);
    let next = 0;
    const started = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: args.clients }, async () => {
        for (let k = next++; k < args.events; k = next++) {
          const { streamId, version, event } = benchEvent(k, args.customers);
          await store.appendToStream(streamId, [event], { expectedRevision: version === 0 ? 'no-stream' : version - 1 });
        }
      }),
    );
    const result = rate(args.events, started);
    await close();
    return result;
  },

  async 'emmett-per-command'(args: Args & { kind: 'documented' | 'tuned' }) {
    const store = await emmett(args.kind, join(args.dir, 'emmett.sqlite'));
    const started = process.hrtime.bigint();
    for (let k = 0; k < args.events; k++) {
      const event = benchEvent(k, args.customers);
      await store.append(event.streamId, [event], event.version);
    }
    const result = { ...rate(args.events, started), synchronous: Number.parseInt(await store.synchronous(), 10) };
    await store.close();
    return result;
  },

  async 'emmett-batched'(args: Args & { kind: 'documented' | 'tuned' }) {
    const store = await emmett(args.kind, join(args.dir, 'emmett.sqlite'));
    const started = process.hrtime.bigint();
    for (const batch of streamBatches(args)) await store.append(batch[0].streamId, batch, batch[0].version);
    const result = { ...rate(args.events, started), synchronous: Number.parseInt(await store.synchronous(), 10) };
    await store.close();
    return result;
  },
};

const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const COMMAND_EVENTS = Math.min(EVENTS, Number(process.env.BENCH_COMMAND_EVENTS ?? 20_000));
const CUSTOMERS = Math.min(10_000, EVENTS);

const PLAN: { variant: keyof typeof variants; label: string; events: number; extra?: Record<string, unknown>; note?: string }[] = [
  { variant: 'floor-batched', label: 'floor: 1,000 rows per transaction', events: EVENTS },
  { variant: 'floor-batched', label: 'floor: 1,000 rows per transaction, with our indexes', events: EVENTS, extra: { indexes: 'ours' } },
  {
    variant: 'floor-batched',
    label: 'floor: 1,000 rows per transaction, with our indexes and our hash chain',
    events: EVENTS,
    extra: { indexes: 'ours', hashed: true },
    note: 'what tamper evidence costs with no framework at all',
  },
  {
    variant: 'ours-batched',
    label: `ours: ${PER_APPEND} events per append, ${CLIENTS} in flight`,
    events: EVENTS,
    extra: { writer: 'thread' },
    note: "the server's default: commits on the writer thread",
  },
  { variant: 'ours-batched', label: `ours: ${PER_APPEND} events per append, ${CLIENTS} in flight, committed on the appending thread`, events: EVENTS, extra: { writer: 'inline' } },
  { variant: 'emmett-batched', label: `Emmett tuned: ${PER_APPEND} events per append`, events: EVENTS, extra: { kind: 'tuned' } },
  { variant: 'emmett-batched', label: `Emmett as documented: ${PER_APPEND} events per append`, events: EVENTS, extra: { kind: 'documented' } },
  { variant: 'floor-per-event', label: 'floor: one row per transaction', events: COMMAND_EVENTS },
  { variant: 'ours-per-command', label: 'ours: one event per append, 1 client', events: COMMAND_EVENTS, extra: { clients: 1, writer: 'thread' } },
  { variant: 'ours-per-command', label: `ours: one event per append, ${CLIENTS} clients`, events: COMMAND_EVENTS, extra: { clients: CLIENTS, writer: 'thread' } },
  { variant: 'emmett-per-command', label: 'Emmett tuned: one event per append', events: COMMAND_EVENTS, extra: { kind: 'tuned' } },
  { variant: 'emmett-per-command', label: 'Emmett as documented: one event per append', events: COMMAND_EVENTS, extra: { kind: 'documented' } },
];

/** Errors a variant raised (the peer's, reported as the issue asks rather than hidden). */
const errors = new Map<string, string[]>();

export async function runAppend(events = EVENTS, plan = PLAN): Promise<Map<string, number[]>> {
  const results = new Map<string, number[]>();
  for (let run = 0; run <= RUNS; run++) {
    const warmUp = run === 0;
    for (const step of plan) {
      const dir = workDir(`append-${process.pid}`);
      const size = warmUp ? Math.min(step.events, 20_000) : Math.min(step.events, events);
      try {
        const measured = await inChild(__filename, step.variant, { dir, events: size, customers: Math.min(CUSTOMERS, size), ...step.extra });
        if (!warmUp) results.set(step.label, [...(results.get(step.label) ?? []), measured.eventsPerSecond]);
        if (!warmUp) console.log(`  ${step.label}: ${Math.round(measured.eventsPerSecond).toLocaleString('en-US')} events/s (${size.toLocaleString('en-US')} events)`);
      } catch (error) {
        const message = (error as Error).message;
        console.error(`  ${step.label} failed: ${message}`);
        results.set(step.label, results.get(step.label) ?? []);
        const reason = /SQLITE_\w+[^\n\]]*/.exec(message)?.[0] ?? message.split('\n').slice(-1)[0];
        errors.set(step.label, [...new Set([...(errors.get(step.label) ?? []), reason])]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  }
  return results;
}

export async function main(): Promise<void> {
  console.log(`append: ${EVENTS.toLocaleString('en-US')} events over ${CUSTOMERS.toLocaleString('en-US')} streams, ${RUNS} runs after a warm-up`);
  const results = await runAppend();
  const median = (label: string) => stats(results.get(label) ?? [NaN]).median;
  const labelOf = (variant: keyof typeof variants, extra?: Record<string, unknown>) =>
    PLAN.find((step) => step.variant === variant && Object.entries(extra ?? {}).every(([key, value]) => step.extra?.[key] === value))?.label ?? '';
  const floor = median(labelOf('floor-batched'));
  const oursBatched = median(labelOf('ours-batched', { writer: 'thread' }));
  const emmettTuned = median(labelOf('emmett-batched', { kind: 'tuned' }));
  const hashedFloor = median(labelOf('floor-batched', { hashed: true }));
  const oursInline = median(labelOf('ours-batched', { writer: 'inline' }));
  const oursPerCommand = median(labelOf('ours-per-command', { clients: CLIENTS }));
  /** Run i of one row against run i of another: how far the ratio moved between runs. */
  const perRun = (a: string, b: string) => (results.get(a) ?? []).map((value, i) => value / (results.get(b) ?? [])[i]).filter(Number.isFinite);
  const rows: Row[] = PLAN.map((step) => {
    const values = results.get(step.label) ?? [];
    return {
      variant: step.label,
      note: [step.note, ...(errors.get(step.label) ?? []).map((e) => `errored in some runs: ${e}`)].filter(Boolean).join('; '),
      values: {
        events: step.events.toLocaleString('en-US'),
        'events/s': values.length ? stats(values) : 'error',
      },
    };
  });
  report(
    'append',
    `${EVENTS.toLocaleString('en-US')} events (about 200-byte JSON) over ${CUSTOMERS.toLocaleString('en-US')} streams at synchronous=FULL, median (min–max) of ${RUNS} runs after a warm-up, each in a fresh process and file.`,
    ['events', 'events/s'],
    rows,
    {
      ratios: {
        oursBatchedVsFloorBatched: oursBatched / floor,
        oursBatchedVsEmmettTunedBatched: oursBatched / emmettTuned,
        oursBatchedVsHashedFloor: oursBatched / hashedFloor,
        oursInlineVsHashedFloor: oursInline / hashedFloor,
        oursBatchedVsEmmettTunedBatchedPerRun: perRun(labelOf('ours-batched', { writer: 'thread' }), labelOf('emmett-batched', { kind: 'tuned' })),
        oursPerCommandVsEmmettTuned: oursPerCommand / median(labelOf('emmett-per-command', { kind: 'tuned' })),
        oursPerCommandVsOneRowFloor: oursPerCommand / median(labelOf('floor-per-event')),
        targets: { oursVsFloor: '>= 0.5', oursVsEmmettTuned: '>= 2' },
      },
    },
  );
  console.log(`ours batched / floor batched: ${(oursBatched / floor).toFixed(2)} (target ≥ 0.5); ours / Emmett tuned: ${(oursBatched / emmettTuned).toFixed(2)} (target ≥ 2)`);
}
