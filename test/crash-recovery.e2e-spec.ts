import { openSqlite, SqliteEventStore } from '@crm/event-store';
import { ALL_PROJECTIONS, ProjectionEngine, readModelDocuments } from '@crm/projections';
import { SqliteReadStore } from '@crm/read-store';
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mixedHistory } from './support/mixed-history';
import { tsNode } from './support/run-entry';

const KEY = 'crash-test-service-key';

const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The real server in its own process, killed with SIGKILL at chosen moments. */
class ServerProcess {
  private child: ChildProcess | undefined;
  constructor(
    private readonly dataDir: string,
    private readonly port: number,
  ) {}

  get url() {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const run = tsNode('apps/api/src/main.ts');
    this.child = spawn(run.command, run.args, {
      cwd: run.cwd,
      env: {
        ...run.baseEnv,
        NODE_ENV: 'test',
        PORT: String(this.port),
        CRM_DATA_DIR: this.dataDir,
        CRM_API_KEYS: `${KEY}:service,crash-test-analyst-key:analyst`,
        CRM_DORMANCY_SWEEP_MINUTES: '0',
        CRM_RATE_LIMIT_PER_SECOND: '0',
        CRM_IDEMPOTENCY_STALE_SECONDS: '2',
      },
      stdio: 'ignore',
    });
    // Generous: under a full test run's load, a start (compiling nothing, but loading Nest) can take seconds.
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if (await fetch(`${this.url}/health`).then((r) => r.ok, () => false)) return;
      await sleep(50);
    }
    throw new Error('server did not start within 60 s');
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      child.once('exit', () => resolve());
      child.kill(signal);
    });
  }
}

describe('kill -9 at any moment', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'crm-crash-'));
  let server: ServerProcess;
  afterAll(async () => {
    await server?.kill();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('loses no accepted command, doubles none, and leaves read models equal to a clean rebuild', async () => {
    server = new ServerProcess(dataDir, await freePort());
    await server.start();
    const commands = mixedHistory(40);
    const killAt = new Set([Math.floor(commands.length * 0.25), Math.floor(commands.length * 0.5), Math.floor(commands.length * 0.8)]);
    let kills = 0;

    for (const [i, [name, body]] of commands.entries()) {
      if (killAt.has(i)) {
        // Kill a few milliseconds into the next request: mid-append, mid-reaction or mid-batch.
        const victim = server;
        setTimeout(() => void victim.kill(), i % 7);
        kills += 1;
      }
      for (let attempt = 0; ; attempt++) {
        const reply = await fetch(`${server.url}/commands/${name}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json', 'idempotency-key': `cmd-${i}` },
          body: JSON.stringify(body),
        }).catch(() => undefined);
        if (reply?.status === 200) break;
        // 409: the request that died with the server still holds its Idempotency-Key claim until it goes stale.
        if (reply && reply.status !== 409) throw new Error(`${name} answered ${reply.status}: ${await reply.text()}`);
        if (attempt > 400) throw new Error(`${name} never succeeded`);
        if (!reply) {
          await sleep(20);
          if (!server.running) await server.start();
        } else await sleep(250);
      }
    }
    expect(kills).toBe(3);

    // Let the last life of the server catch up, then stop it gracefully. A machine under load may take a
    // while; a read model stopped behind the log would differ from the rebuild for no fault of recovery.
    const caughtUp = async () => {
      const status = (await fetch(`${server.url}/projections`, { headers: { authorization: 'Bearer crash-test-analyst-key' } }).then((r) => r.json())) as {
        items: { status: string; lag: { events: number } }[];
      };
      return status.items.every((p) => p.status === 'live' && p.lag.events === 0);
    };
    const deadline = Date.now() + 60_000;
    while (!(await caughtUp())) {
      if (Date.now() > deadline) throw new Error('the last life of the server did not catch up within 60 s');
      await sleep(50);
    }
    await server.kill('SIGTERM');

    const file = join(dataDir, 'crm.sqlite');
    const events = new SqliteEventStore(openSqlite(file));
    const captured = (await events.readAll({ limit: 1_000_000, eventTypes: ['LeadCaptured'] })).length;
    expect(captured).toBe(commands.filter(([name]) => name === 'CaptureLead').length);
    const purchases = (await events.readAll({ limit: 1_000_000, eventTypes: ['PurchaseRecorded'] })).length;
    expect(purchases).toBe(commands.filter(([name]) => name === 'RecordPurchase').length);

    const live = await readModelDocuments(new SqliteReadStore(openSqlite(join(dataDir, 'read-models.sqlite'), 'normal')), ALL_PROJECTIONS);
    const clean = new SqliteReadStore(openSqlite(':memory:'));
    const engine = new ProjectionEngine(ALL_PROJECTIONS, events, clean, { owner: 'clean-rebuild' });
    engine.start();
    await engine.waitFor(ALL_PROJECTIONS.map((p) => p.name), (await events.headPosition()) as string, 30_000);
    await engine.stop();
    expect(live).toEqual(await readModelDocuments(clean, ALL_PROJECTIONS)); // on failure, names the documents that differ
    await events.close();
  }, 180_000);
});
