/**
 * Writes BENCHMARKS.md from bench/results/*.json: the tables as measured, each target's ratio
 * with met or missed, and the measured reason where one is missed. `npm run bench` calls it after
 * its scenarios, so the file always shows the latest run.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const RESULTS = join(__dirname, 'results');
type Result = { description: string; machine: Record<string, unknown>; table: string[]; ratios?: Record<string, unknown>; rssGrowth?: Record<string, number>; perEventCostGrowth?: Record<string, number> };
const load = (scenario: string): Result | undefined => {
  const file = join(RESULTS, `${scenario}.json`);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Result) : undefined;
};
const pct = (x: unknown) => (typeof x === 'number' && Number.isFinite(x) ? `${(100 * x).toFixed(0)}%` : 'n/a');
const num = (x: unknown, digits = 2) => (typeof x === 'number' && Number.isFinite(x) ? x.toFixed(digits) : 'n/a');
const verdict = (ok: boolean) => (ok ? '**met**' : '**missed**');

function section(title: string, scenario: string, result: Result | undefined, body: (r: Result) => string): string {
  if (!result) return `## ${title}\n\nNot run yet: \`npm run bench -- ${scenario}\`.\n`;
  const m = result.machine as { cores: number; cpu: string; memoryGiB: number; node: string; commit: string; date: string };
  return `## ${title}\n\n${result.description}\n\n${result.table.join('\n')}\n\n${body(result)}\n\n<sub>${m.cores} cores (${m.cpu}), ${m.memoryGiB} GiB, Node ${m.node}, commit ${m.commit}, ${m.date}</sub>\n`;
}

export function writeBenchmarksMd(): void {
  const append = load('append');
  const replay = load('replay');
  const exported = load('export');
  const http = load('http');
  const growth = load('growth');
  const imported = load('import');
  const parts = [
    `# Benchmarks

Every figure here comes from \`npm run bench\` on the 2-core machine, written by
\`bench/benchmarks-md.ts\` from \`bench/results/*.json\` (which also keep every run). Rerun one
scenario with \`npm run bench -- append\` (or replay, export, http, growth, personal-data, import). Each
scenario runs three things in the same run on the same data: **ours**, the **peer** (Emmett, the
best-known Node event-sourcing library: \`@event-driven-io/emmett\` and \`emmett-sqlite\` 0.38.5,
the newest pair our registry mirror holds; 0.42 of emmett-sqlite needs an emmett 0.42.4 it lacks),
used as documented and tuned, and the **floor**: the same work on bare better-sqlite3 or
\`node:http\`, the cost of the hardware and SQLite that no framework can beat. Everything runs at
the durable default, \`synchronous=FULL\`. Each measured variant runs in a fresh process.
`,
    section('Append', 'append', append, (r) => {
      const ratios = r.ratios as { oursBatchedVsFloorBatched: number; oursBatchedVsEmmettTunedBatched: number };
      return `- Ours batched / floor batched: **${pct(ratios.oursBatchedVsFloorBatched)}** (target ≥ 50%): ${verdict(ratios.oursBatchedVsFloorBatched >= 0.5)}.
- Ours batched / Emmett tuned batched: **${num(ratios.oursBatchedVsEmmettTunedBatched)}×** (target ≥ 2×): ${verdict(ratios.oursBatchedVsEmmettTunedBatched >= 2)}.

Why: every event we store is hash-chained (RFC 8785 canonical JSON and SHA-256 over the event and
its predecessor's hash, two 64-character hashes more per row) so that auditors can prove the log
was not changed, and is indexed twice more than the plain floor (duplicate event ids, reads by
type). The floor rows add each of these in turn with no framework at all: "with our indexes and
our hash chain" lands where ours does, so the port adds next to nothing and the tamper evidence
and indexes cost the rest (profile and before/after in \`bench/results/append.md\`: hand-written
canonical JSON, data serialised once, one-shot SHA-256, and no copies of the metadata took the
chain from about 20 to about 10 µs per event). Emmett stores no hashes and pays per append, not
per event, with 100 events per append. One command per append is the shape of real traffic: there
group commit (appends arriving together share one fsync) puts ours at ten times Emmett, whose
connection cannot run two transactions at once, and past the one-row-per-transaction floor.`;
    }),
    section('Replay', 'replay', replay, (r) => {
      const ratios = r.ratios as { oursVsFloor: number; oursEventsPerSecond: number; writeFloorVsFloor: number; oursVsWriteFloor: number };
      const writeFloorBelowTarget = ratios.writeFloorVsFloor < 0.25 ? ', itself below the 25% target: no rebuild that keeps a per-event timeline in SQLite can meet it on this machine' : '';
      return `- Ours / floor: **${pct(ratios.oursVsFloor)}** (target ≥ 25%): ${verdict(ratios.oursVsFloor >= 0.25)}; ours ≥ 100,000 events/s: ${verdict(ratios.oursEventsPerSecond >= 100_000)}.
- Not a target: the write floor (the read floor plus one indexed document per event, the timeline's share alone) runs at **${pct(ratios.writeFloorVsFloor)}** of the read floor${writeFloorBelowTarget}; ours reaches **${pct(ratios.oursVsWriteFloor)}** of it while writing six read models.

Why, measured (\`node --cpu-prof\` of a 100k replay; before/after in \`bench/results/replay.md\`):
rebuilding is not reading. Every event becomes one to four documents written to SQLite with their
JSON indexes (the timeline alone writes one document per event): the upserts and their commits
take about a third of the CPU, garbage collection a tenth, the handlers and the batch bookkeeping
most of the rest. The floor reads and folds each event once and writes nothing. Fixed: reading by
several event types made SQLite sort the rest of the log for every batch (O(n²) over a replay; now
a walk by position), a cheaper \`clean()\`, no \`structuredClone\` of every upserted document (+35%
at 100k); the six runners (each its own checkpoint and lease, so each can be rebuilt on its own)
now read the log once through a shared window instead of six times, waiting for each other at its
end so that they no longer drift apart (reading and parsing 23% → 7% of the CPU, +25–35% at 100k;
at 1M ours went from 35% to 47% of the write floor, and its peak RSS from 265 to 351 MiB, not yet
explained: likely the runners now hold their batches at the same moment; it does not grow on with
the log, 373 MiB at 3M in the growth run); and events get
time-ordered UUIDv7 ids, since the timeline keys a document per event by it and random v4 ids
halved a replay's rate (5,985–7,041 against 12,455–13,661 events/s at 100k). Tried and not kept:
building a fresh collection's indexes once it has caught up instead of row by row (+20% at 100k)
blocks the event loop for seconds at the end of a live rebuild of a large timeline. The write floor above bounds what any runner design can reach.`;
    }),
    section('Audit export', 'export', exported, (r) => {
      const growthOurs = Object.entries(r.rssGrowth ?? {}).find(([label]) => label.startsWith('ours'))?.[1];
      return `- Peak RSS of ours from 100k to 1M events: **${growthOurs === undefined ? 'n/a' : `${(100 * growthOurs).toFixed(1)}%`}** (target within 10%): ${verdict(growthOurs !== undefined && Math.abs(growthOurs) <= 0.1)}.

The export streams the log in batches with back-pressure, so memory does not follow the log's
size. Ours does more per event than the floor: it reveals sealed personal fields (a key lookup
per batch) and shapes each event for auditors.`;
    }),
    section('Commands over HTTP, and live lag', 'http', http, (r) => {
      type Ratios = { throughputVsFloorAtC16: number; p99VsFloorAtC16: number; liveLagP99Ms: number };
      const ratios = r.ratios as Ratios & { separateProjector?: Ratios; ceilings?: { frameworkVsFloorAtC16: number; storageFreeVsFloorAtC16: number } };
      const judged = (label: string, x: Ratios) => `- ${label}: throughput at c=16, ours / bare HTTP floor: **${pct(x.throughputVsFloorAtC16)}** (target ≥ 50%): ${verdict(x.throughputVsFloorAtC16 >= 0.5)}.
  p99 at c=16, ours / floor: **${num(x.p99VsFloorAtC16, 1)}×** (target ≤ 3×): ${verdict(x.p99VsFloorAtC16 <= 3)}.
  Live lag p99 at half its c=16 peak: **${num(x.liveLagP99Ms, 0)} ms** (target ≤ 250 ms): ${verdict(x.liveLagP99Ms <= 250)}.`;
      return `${judged('The default deployment (projector in the server)', ratios)}
${ratios.separateProjector ? `${judged('The projector in its own process (`CRM_PROJECTOR=separate` + `npm run start:projector`)', ratios.separateProjector)}
` : ''}
Why the throughput gap, measured: two ceilings in the same run split it. The framework alone (Nest,
Express, our middleware, validation pipe and command bus, commands not handled) reaches
**${pct(ratios.ceilings?.frameworkVsFloorAtC16 ?? NaN)}** of the floor. Our whole server with storage almost free (a tmpfs folder at
synchronous=NORMAL, no projector anywhere; its non-2xx are stage moves refused as unchanged, since
without read models the load generator cannot learn the stages) reaches **${pct(ratios.ceilings?.storageFreeVsFloorAtC16 ?? NaN)}**. So the command
path itself (API-key auth, the idempotency wrapper, loading the stream and revealing its sealed
personal fields, folding and deciding, sealing and hash-chaining the new events, the reactors'
safety net) ${(ratios.ceilings?.storageFreeVsFloorAtC16 ?? 1) < 0.5 ? 'keeps the server below the 50% target even if storage cost nothing' : 'costs the difference between those two'}; the
event-store commit (about 40 WAL pages per group of a dozen appends, as costly on this disk at
NORMAL as at FULL) and the six read models take the rest. Profiles and experiments in
\`bench/results/http.md\`. The p99 target follows the throughput one: with 16 connections each
waiting for its answer, latency is 16 / throughput (Little's law; each row's p50 is about that),
so a server at a fifth of the floor's throughput answers about five times slower, its p99 with it.
The in-process row (no HTTP) shows what HTTP itself costs. With the
projector in its own process the server sheds the read-model work (its rows above), but on this
2-core machine the projector then competes with the server and autocannon for the cores, which a
deployment with a core for it would not.`;
    }),
    section('Cost growth', 'growth', growth, (r) => {
      const g = r.perEventCostGrowth ?? {};
      const missing3M = !r.table.some((line) => line.includes('3,000,000'));
      return `- Per-event cost, largest size / smallest: append **${num(g.append)}**, replay **${num(g.replay)}** (1.0 is flat).${
        missing3M
          ? `\n\nThe issue's largest size, 3,000,000 events, is in the default \`BENCH_GROWTH_SIZES\` but was left out of\nthis run for time: at the replay rate above a 3M replay takes about five minutes per run.`
          : ''
      }`;
    }),
    section('Import through the command path', 'import', imported, (r) => {
      const ratios = r.ratios as { seconds: number; targetSeconds: number };
      return `- \`crm import crm-sales\`: **${num(ratios.seconds, 1)} s** (target ≤ ${ratios.targetSeconds} s): ${verdict(ratios.seconds <= ratios.targetSeconds)}.

How: the importer sends up to 64 commands at once, each after the earlier commands of its customer
(one customer's history lands in the log in the file's order), so that group commit shares each
of the log's commits among a few dozen appends; and the Idempotency-Key claims and outcomes commit
on the read models' connection (no fsync of their own: the log's commit that follows a claim
syncs the same write-ahead log). Before: one command after the other, three durable commits each
(claim, append, outcome), 44–64 s. Profiles in \`bench/results/import-crm-sales.md\`.`;
    }),
    `## Fault and adversarial tests

They run in \`npm test\` (bounded, fixed seeds), listed in the README's Tests section:
\`test/faults/\` (projector killed 25 times over 200,000 events; 16 concurrent writers with
\`If-Match\`; triple delivery across a restart; full, read-only and really full storage; two
processes sharing one data file and its projections), the subscription-drop case in
\`libs/projections/src/engine/projection-engine.int.spec.ts\`, hostile input in
\`test/junk-input.e2e-spec.ts\`, and replay determinism after erasure in
\`test/determinism.e2e-spec.ts\`.
`,
  ];
  writeFileSync(join(__dirname, '..', 'BENCHMARKS.md'), parts.join('\n'));
}

if (require.main === module) writeBenchmarksMd();
