/**
 * Scenarios 2 and 4: commands end to end over HTTP, and live projection lag under load.
 *
 *   npm run bench -- http          BENCH_HTTP_SECONDS=15 (per measurement), BENCH_RUNS=3
 *
 * The started server (embedded SQLite, synchronous=FULL, all projections running) on localhost,
 * MIX_CUSTOMERS customers with an open opportunity each, the mix of command-mix.ts sent by
 * autocannon from a separate process at 1, 16 and 64 connections; the same load against the
 * bare HTTP floor (floor-http.ts); and the same mix in process through the command service, to show
 * what HTTP costs. Then the live lag: the mix at half the measured c=16 throughput while
 * GET /projections is polled. The server's rows are measured twice on the same data: with the
 * projector in the server (the default) and in its own process (CRM_PROJECTOR=separate). Two
 * ceilings at c=16 split the gap to the floor: the framework alone (framework-http.ts, on Fastify as
 * the server runs and on Express as it ran before), and our
 * server with storage almost free (a tmpfs folder, synchronous=NORMAL, no projector running).
 * Emmett has no HTTP server of its own (it pairs with Express or Fastify and user code), so it
 * has no row here.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { RUNS, Row, report, stats, workDir } from './support/bench-kit';
import { MIX_CUSTOMERS, mixCommand, seedCommands } from './support/command-mix';
import { seedOurServer as seed } from './support/our-server-process';

const ROOT = resolve(__dirname, '..');
const SECONDS = Number(process.env.BENCH_HTTP_SECONDS ?? 15);
const KEY = 'bench-service-key';
const ANALYST = 'bench-analyst-key';
const TS = ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register'];

const freePort = () =>
  new Promise<number>((done) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => done(port));
    });
  });
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

async function startProcess(args: string[], env: NodeJS.ProcessEnv, url: string, readyPath: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${args.join(' ')} exited with ${child.exitCode ?? child.signalCode}`);
    const ok = await fetch(`${url}${readyPath}`, { headers: { authorization: `Bearer ${ANALYST}` } }).then((r) => r.status < 500, () => false);
    if (ok) return child;
    await sleep(100);
  }
  throw new Error(`${args.join(' ')} did not start`);
}

const stop = (child: ChildProcess) =>
  new Promise<void>((done) => {
    // A child ended by a signal has no exit code, and 'exit' has already fired: waiting for it
    // again left nothing on the event loop, and the whole benchmark quietly exited 0 after run 1.
    if (child.exitCode !== null || child.signalCode !== null) return done();
    child.once('exit', () => done());
    child.kill('SIGTERM');
  });

type LoadResult = { requestsPerSecond: number; p50: number; p99: number; p999: number; non2xx: number; lagP50?: number; lagP99?: number; codes?: Record<string, number> };

function load(url: string, connections: number, extra: Record<string, unknown> = {}): Promise<LoadResult> {
  return new Promise((done, fail) => {
    const args = { url, connections, duration: SECONDS, key: KEY, analystKey: ANALYST, salt: randomUUID().slice(0, 8), ...extra };
    const child = spawn(process.execPath, [...TS, join(__dirname, 'peers/load.ts'), JSON.stringify(args)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.on('exit', (code) => (code === 0 ? done(JSON.parse(out.trim().split('\n').pop() as string)) : fail(new Error(`load exited ${code}: ${out}`))));
  });
}

function ourEnv(dir: string, port: number): NodeJS.ProcessEnv {
  return {
    NODE_ENV: 'development',
    PORT: String(port),
    CRM_DATA_DIR: dir,
    CRM_API_KEYS: `${KEY}:service,${ANALYST}:analyst`,
    CRM_RATE_LIMIT_PER_SECOND: '0',
    CRM_DORMANCY_SWEEP_MINUTES: '0',
  };
}

async function ourServer(dir: string, extra: NodeJS.ProcessEnv = {}) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  return { url, child: await startProcess([...TS, 'apps/api/src/main.ts'], { ...ourEnv(dir, port), ...extra }, url, '/health') };
}

/** The projector process beside a server started with CRM_PROJECTOR=separate; ready when it says so. */
async function ourProjector(dir: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [...TS, 'apps/api/src/projector.ts'], { cwd: ROOT, env: { ...process.env, ...ourEnv(dir, 0) }, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((done, fail) => {
    let out = '';
    const ready = (chunk: Buffer) => {
      out += chunk;
      if (!out.includes('CRM projector running')) return;
      child.stdout?.off('data', ready).resume(); // its later log lines are not wanted
      done();
    };
    child.stdout?.on('data', ready);
    child.once('exit', (code) => fail(new Error(`the projector exited with ${code}`)));
  });
  return child;
}

/** A server of bench/support (the bare floor, the framework alone), ready when it prints. */
async function supportServer(script: string, env: NodeJS.ProcessEnv = {}) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [...TS, join(__dirname, 'support', script)], { cwd: ROOT, env: { ...process.env, ...env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((done) => child.stdout?.once('data', done));
  return { url, child };
}

/** A folder in memory (tmpfs) for the storage-free row, or undefined where the machine has none. */
const memoryDir = (name: string) => (existsSync('/dev/shm') ? join('/dev/shm', name) : undefined);

/** The mix in process through the command service, 16 at a time: what the server does without HTTP. */
export const variants = {
  async 'in-process'({ dir }: { dir: string }) {
    process.env.CRM_DATA_DIR = dir;
    process.env.CRM_DORMANCY_SWEEP_MINUTES = '0';
    const { NestFactory } = await import('@nestjs/core');
    const { AppModule } = await import('../apps/api/src/app.module');
    const { CommandService, PUBLIC_COMMANDS } = await import('@crm/application');
    const app = await NestFactory.createApplicationContext(AppModule.register(process.env), { logger: ['error'] });
    const commands = app.get(CommandService);
    const send = (name: string, dto: Record<string, unknown>) => {
      const commandId = randomUUID();
      const spec = PUBLIC_COMMANDS[name];
      const input = spec.withIds ? spec.withIds(dto, randomUUID) : dto; // as the HTTP gateway does
      return commands.execute(spec, input, { actor: 'bench', commandId, correlationId: commandId, causationId: commandId, now: new Date().toISOString() });
    };
    for (const wave of ['RegisterCustomer', 'OpenOpportunity']) {
      const seeds = seedCommands().filter(([name]) => name === wave);
      let next = 0;
      await Promise.all(Array.from({ length: 16 }, async () => { for (let i = next++; i < seeds.length; i = next++) await send(...seeds[i]); }));
    }
    const latencies: number[] = [];
    const deadline = Date.now() + SECONDS * 1000;
    let n = 0;
    let refused = 0;
    const codes: Record<string, number> = {};
    const started = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (Date.now() < deadline) {
          const t = process.hrtime.bigint();
          await send(...mixCommand(n++, 'in-process')).catch((error: { name?: string; rule?: string }) => {
            refused += 1;
            codes[`${error.name}${error.rule ? `:${error.rule}` : ''}`] = (codes[`${error.name}${error.rule ? `:${error.rule}` : ''}`] ?? 0) + 1;
          });
          latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
        }
      }),
    );
    const took = Number(process.hrtime.bigint() - started) / 1e9;
    await app.close();
    latencies.sort((a, b) => a - b);
    const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))];
    return { requestsPerSecond: latencies.length / took, p50: pct(0.5), p99: pct(0.99), p999: pct(0.999), non2xx: refused, codes };
  },
};

const FLOOR_C16 = 'floor: bare node:http + SQLite, c=16';
const INLINE_WRITES = "ours over HTTP, writes on the server's event loop (CRM_SQLITE_WRITER=inline, the default before the writer thread)";
const FRAMEWORK_ROW = 'ceiling: the framework alone (Nest on Fastify, our edge hooks, body parser and validation, the command bus; commands not handled), c=16';
const EXPRESS_FRAMEWORK_ROW = "ceiling: the same framework alone on Express (the server's framework before #17, with its middleware then), c=16";
const NO_PROJECTOR_ROW = 'ceiling: ours with no projector running anywhere (durable storage), c=16';
const STORAGE_FREE_ROW = 'ceiling: ours with storage almost free (tmpfs, synchronous=NORMAL, no projector), c=16';

export async function main(): Promise<void> {
  console.log(`http: ${MIX_CUSTOMERS.toLocaleString('en-US')} customers, ${SECONDS} s per measurement, ${RUNS} runs`);
  const results = new Map<string, LoadResult[]>();
  const record = (label: string, result: LoadResult) => {
    results.set(label, [...(results.get(label) ?? []), result]);
    console.log(`  ${label}: ${Math.round(result.requestsPerSecond).toLocaleString('en-US')} req/s, p50 ${result.p50} ms, p99 ${result.p99} ms, p99.9 ${result.p999} ms${result.non2xx ? `, ${result.non2xx} non-2xx ${JSON.stringify(result.codes ?? {})}` : ''}${result.lagP99 !== undefined ? `, lag p50 ${result.lagP50} ms p99 ${result.lagP99} ms` : ''}`);
  };
  const { inChild } = await import('./support/bench-kit');
  const children: ChildProcess[] = [];
  for (let run = 1; run <= RUNS; run++) {
    const dir = workDir(`http-${process.pid}-${run}`);
    try {
      const ours = await ourServer(join(dir, 'ours'));
      children.push(ours.child);
      await seed(ours.url);
      await load(ours.url, 16, { duration: 3, learnStages: true }); // warm-up
      for (const connections of [1, 16, 64]) record(`ours over HTTP, c=${connections}`, await load(ours.url, connections, { learnStages: true }));
      const peak = stats(results.get('ours over HTTP, c=16')!.map((r) => r.requestsPerSecond)).median;
      record('ours, live lag at 50% of the c=16 peak', await load(ours.url, 16, { overallRate: Math.round(peak / 2), probeLag: true, learnStages: true }));
      await stop(ours.child);

      // The same data, with the log's commits on the server's own event loop (the default before the writer thread): before and after in one run.
      const inline = await ourServer(join(dir, 'ours'), { CRM_SQLITE_WRITER: 'inline' });
      children.push(inline.child);
      await load(inline.url, 16, { duration: 3, learnStages: true }); // warm-up
      for (const connections of [1, 16]) record(`${INLINE_WRITES}, c=${connections}`, await load(inline.url, connections, { learnStages: true }));
      await stop(inline.child);

      // The same data, with the projector in its own process (CRM_PROJECTOR=separate).
      const projector = await ourProjector(join(dir, 'ours'));
      children.push(projector);
      const split = await ourServer(join(dir, 'ours'), { CRM_PROJECTOR: 'separate' });
      children.push(split.child);
      await load(split.url, 16, { duration: 3, learnStages: true }); // warm-up
      for (const connections of [1, 16, 64]) record(`ours over HTTP, projector in its own process, c=${connections}`, await load(split.url, connections, { learnStages: true }));
      const splitPeak = stats(results.get('ours over HTTP, projector in its own process, c=16')!.map((r) => r.requestsPerSecond)).median;
      record('ours, projector in its own process, live lag at 50% of its c=16 peak', await load(split.url, 16, { overallRate: Math.round(splitPeak / 2), probeLag: true, learnStages: true }));
      // A ceiling: the same server once no projector runs anywhere (durable storage, the disk and
      // both cores left to the requests and the load generator).
      await stop(projector);
      await load(split.url, 16, { duration: 3, learnStages: true });
      record(NO_PROJECTOR_ROW, await load(split.url, 16, { learnStages: true }));
      await stop(split.child);

      const floor = await supportServer('floor-http.ts', { FILE: join(dir, 'floor.sqlite') });
      children.push(floor.child);
      await load(floor.url, 16, { duration: 3 });
      for (const connections of [1, 16, 64]) record(`floor: bare node:http + SQLite, c=${connections}`, await load(floor.url, connections));
      await stop(floor.child);

      // Two ceilings, at c=16, to split the gap: the framework alone (no domain, no storage), and
      // our server with storage almost free (a tmpfs folder at NORMAL) and no projector anywhere.
      const framework = await supportServer('framework-http.ts');
      children.push(framework.child);
      await load(framework.url, 16, { duration: 3 });
      record(FRAMEWORK_ROW, await load(framework.url, 16));
      await stop(framework.child);
      const onExpress = await supportServer('framework-http.ts', { FRAMEWORK: 'express' });
      children.push(onExpress.child);
      await load(onExpress.url, 16, { duration: 3 });
      record(EXPRESS_FRAMEWORK_ROW, await load(onExpress.url, 16));
      await stop(onExpress.child);
      const inMemory = memoryDir(`crm-bench-http-${process.pid}-${run}`);
      if (inMemory) {
        try {
          const free = await ourServer(inMemory, { CRM_PROJECTOR: 'separate', CRM_SQLITE_SYNC: 'normal' });
          children.push(free.child);
          await seed(free.url);
          await load(free.url, 16, { duration: 3, learnStages: true });
          record(STORAGE_FREE_ROW, await load(free.url, 16, { learnStages: true }));
          await stop(free.child);
        } finally {
          rmSync(inMemory, { recursive: true, force: true });
        }
      } else console.log(`  skipped "${STORAGE_FREE_ROW}": this machine has no /dev/shm`);

      record('ours in process (the command service, 16 at a time, no HTTP)', (await inChild(__filename, 'in-process', { dir: join(dir, 'in-process') })) as unknown as LoadResult);
    } finally {
      await Promise.all(children.map(stop)); // a failed run must not leave a server behind
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const rows: Row[] = [...results].map(([variant, list]) => ({
    variant,
    values: {
      'req/s': stats(list.map((r) => r.requestsPerSecond)),
      'p50 ms': stats(list.map((r) => r.p50)),
      'p99 ms': stats(list.map((r) => r.p99)),
      'p99.9 ms': stats(list.map((r) => r.p999)),
      ...(list[0].lagP99 !== undefined ? { 'lag p50 ms': stats(list.map((r) => r.lagP50 ?? NaN)), 'lag p99 ms': stats(list.map((r) => r.lagP99 ?? NaN)) } : {}),
      'non-2xx': String(list.reduce((sum, r) => sum + (r.non2xx ?? 0), 0)),
    },
  }));
  const median = (label: string, field: 'requestsPerSecond' | 'p99' | 'lagP99') => stats((results.get(label) ?? []).map((r) => r[field] ?? NaN)).median;
  const ratios = {
    throughputVsFloorAtC16: median('ours over HTTP, c=16', 'requestsPerSecond') / median(FLOOR_C16, 'requestsPerSecond'),
    p99VsFloorAtC16: median('ours over HTTP, c=16', 'p99') / median(FLOOR_C16, 'p99'),
    liveLagP99Ms: median('ours, live lag at 50% of the c=16 peak', 'lagP99'),
    p99AtC1Ms: median('ours over HTTP, c=1', 'p99'),
    writesOnTheServersLoop: {
      throughputVsFloorAtC16: median(`${INLINE_WRITES}, c=16`, 'requestsPerSecond') / median(FLOOR_C16, 'requestsPerSecond'),
      p99VsFloorAtC16: median(`${INLINE_WRITES}, c=16`, 'p99') / median(FLOOR_C16, 'p99'),
      p99AtC1Ms: median(`${INLINE_WRITES}, c=1`, 'p99'),
    },
    separateProjector: {
      throughputVsFloorAtC16: median('ours over HTTP, projector in its own process, c=16', 'requestsPerSecond') / median(FLOOR_C16, 'requestsPerSecond'),
      p99VsFloorAtC16: median('ours over HTTP, projector in its own process, c=16', 'p99') / median(FLOOR_C16, 'p99'),
      liveLagP99Ms: median('ours, projector in its own process, live lag at 50% of its c=16 peak', 'lagP99'),
      p99AtC1Ms: median('ours over HTTP, projector in its own process, c=1', 'p99'),
    },
    // What HTTP and our request glue cost: the same mix through the command service in process, against over HTTP.
    inProcessVsHttpAtC16: median('ours in process (the command service, 16 at a time, no HTTP)', 'requestsPerSecond') / median('ours over HTTP, c=16', 'requestsPerSecond'),
    ceilings: {
      frameworkVsFloorAtC16: median(FRAMEWORK_ROW, 'requestsPerSecond') / median(FLOOR_C16, 'requestsPerSecond'),
      expressFrameworkVsFloorAtC16: median(EXPRESS_FRAMEWORK_ROW, 'requestsPerSecond') / median(FLOOR_C16, 'requestsPerSecond'),
      storageFreeVsFloorAtC16: median(STORAGE_FREE_ROW, 'requestsPerSecond') / median(FLOOR_C16, 'requestsPerSecond'),
      noProjectorVsFloorAtC16: median(NO_PROJECTOR_ROW, 'requestsPerSecond') / median(FLOOR_C16, 'requestsPerSecond'),
    },
    targets: { throughputVsFloorAtC16: '>= 0.5', p99VsFloorAtC16: '<= 3', liveLagP99Ms: '<= 250', p99AtC1Ms: '<= 10' },
  };
  report(
    'http',
    `The command mix (60% LogInteraction, 25% RecordPurchase, 15% AdvanceStage) on ${MIX_CUSTOMERS.toLocaleString('en-US')} customers, autocannon in a separate process on the same 2-core machine, ${SECONDS} s per measurement, median (min–max) of ${RUNS} runs. "ours over HTTP" is the default deployment: the projector on a worker thread of the server (CRM_PROJECTOR=thread).`,
    ['req/s', 'p50 ms', 'p99 ms', 'p99.9 ms', 'lag p50 ms', 'lag p99 ms', 'non-2xx'],
    rows,
    { ratios },
  );
  console.log(JSON.stringify(ratios));
}
