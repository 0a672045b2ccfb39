import { ALL_REACTORS } from '@crm/application';
import { SqliteEventStore, openSqlite } from '@crm/event-store';
import { ALL_PROJECTIONS, checkpointName, readModelDigest } from '@crm/projections';
import { SqliteReadStore } from '@crm/read-store';
import type Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EntryProcess, ServerProcess, startProjectorProcess, startServerProcess } from '../support/entry-process';
import { API_KEYS_ENV, KEYS, Reply, sendRequest } from '../support/test-server';
import { HOT_CUSTOMER, Step, scaleOutScripts } from './support/scale-out-load';
import { cleanRebuildDigest } from './support/clean-rebuild';

/**
 * Scale-out on one SQLite data folder: three API processes (CRM_PROJECTOR=separate) and a
 * projector process. Clients send a mixed load, each command to a random process and then once
 * more, with the same Idempotency-Key, to another (a client's retry after a timeout). Midway a
 * second projector is up and the first is killed (kill -9): the projections' leases pass to the
 * second within their TTL. Later one API process hangs (SIGSTOP) with requests in flight and is
 * killed (kill -9); the clients retry those, same key, on a live process. Every command has one effect, every reaction happens once, and
 * the read models equal a clean rebuild of the log.
 */
const LEASE_SECONDS = 2;
const SCRIPTS = 40;
const CLIENTS = 8;

interface Api extends ServerProcess {
  name: string;
  inFlight: number;
}

interface Delivery {
  key: string;
  command: string;
  body: Record<string, unknown>;
  /** The first answer, and the process that gave it. */
  first: Reply;
  firstBy: string;
  /** The same request again, to another process. */
  retry: Reply;
  retryBy: string;
  /** Attempts that got no answer: their process was killed with them in flight. */
  unanswered: number;
}

interface LoggedEvent {
  eventId: string;
  streamId: string;
  version: number;
  position: string;
  type: string;
  data: Record<string, unknown>;
  actor: string;
  commandId: string;
  causationId: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until<T>(what: string, limitMs: number, probe: () => Promise<T | undefined> | T | undefined): Promise<T> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${limitMs} ms`);
    await sleep(50);
  }
}

const deferred = () => {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
};

describe('three API processes and a projector on one data folder', () => {
  const dir = mkdtempSync(join(tmpdir(), 'crm-scale-out-'));
  const env = {
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    CRM_DATA_DIR: dir,
    CRM_API_KEYS: API_KEYS_ENV,
    CRM_PROJECTOR: 'separate',
    CRM_PROJECTION_LEASE_SECONDS: String(LEASE_SECONDS),
    // A claim left pending by the killed process is taken over (and its command recovered) this soon.
    CRM_IDEMPOTENCY_STALE_SECONDS: '2',
    CRM_RATE_LIMIT_PER_SECOND: '0',
  };
  const processes: EntryProcess[] = [];
  const track = <P extends EntryProcess>(started: Promise<P>) => started.then((p) => (processes.push(p), p));
  let apis: Api[] = [];
  let live: Api[] = [];
  let firstProjector: EntryProcess;
  let db: Database.Database;
  let events: SqliteEventStore;
  const deliveries: Delivery[] = [];
  const acknowledged: Reply[] = [];
  let leaseHandover: { passedMs: number; liveMs: number } | undefined;

  beforeAll(async () => {
    const [a, b, c, projector] = await Promise.all([track(startServerProcess(env)), track(startServerProcess(env)), track(startServerProcess(env)), track(startProjectorProcess(env))]);
    apis = [a, b, c].map((server, i) => ({ ...server, name: `api-${i + 1}`, inFlight: 0 }));
    live = [...apis];
    firstProjector = projector;
    db = openSqlite(join(dir, 'read-models.sqlite'), 'normal'); // the leases
    events = new SqliteEventStore(openSqlite(join(dir, 'crm.sqlite'), 'normal'));
  }, 120_000);

  afterAll(() => {
    for (const { child } of processes) child.kill('SIGKILL');
    db?.close();
    void events?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const pick = (from: Api[]) => from[Math.floor(Math.random() * from.length)];
  const get = (path: string, key: string = KEYS.analyst) => sendRequest(live[0].baseUrl, 'GET', path, undefined, { key });
  const leaseOwners = () => {
    const rows = db.prepare('SELECT name, owner FROM projection_leases').all() as { name: string; owner: string }[];
    const owners = new Map(rows.map((row) => [row.name, row.owner]));
    // Every processor: the projections and the reactors (version 1 each) run by lease alike.
    const processors = [...ALL_PROJECTIONS, ...ALL_REACTORS.map(({ name }) => ({ name, version: 1 }))];
    return processors.map((p) => owners.get(`projection:${checkpointName(p)}`));
  };
  const heldBy = (projector: EntryProcess) => leaseOwners().every((owner) => owner?.startsWith(`${projector.child.pid}-`));
  const head = async () => (await events.headPosition()) ?? '0';

  it('takes a mixed load through any process, with kill -9s of the projector and of an API process in the middle', async () => {
    expect(await until('the first projector takes every lease', 20_000, () => heldBy(firstProjector) || undefined)).toBe(true);
    const hot = await sendRequest(apis[0].baseUrl, 'POST', '/commands/RegisterCustomer', { customerId: HOT_CUSTOMER, name: 'Hot' });
    expect(hot.status).toBe(200);

    const scripts = scaleOutScripts(SCRIPTS);
    const total = scripts.reduce((sum, script) => sum + script.length, 0);
    let started = 0;
    const thirdSent = deferred();
    const handedOver = deferred();
    const apiKilled = deferred();
    const victim = apis[2];
    let armed = false;
    let frozenAt: number | undefined;
    /** Requests sent to the victim once it was frozen: none of them can be answered. */
    let sentToFrozen = 0;
    let busy = 0;

    /** One attempt; undefined when the process died with the request in flight. */
    const attempt = async (api: Api, [command, body]: Step, key: string): Promise<Reply | undefined> => {
      api.inFlight += 1;
      if (frozenAt !== undefined && api === victim) sentToFrozen += 1;
      if (armed && api === victim) {
        // Freeze the victim (a hung process) a moment after a request reached it, so perhaps in
        // the middle of it: that request, and the next ones sent to it, are never answered.
        armed = false;
        setTimeout(() => {
          victim.child.kill('SIGSTOP');
          frozenAt = Date.now();
        }, 2);
      }
      try {
        const reply = await sendRequest(api.baseUrl, 'POST', `/commands/${command}`, body, { headers: { 'Idempotency-Key': key } });
        if (reply.status >= 200 && reply.status < 300) acknowledged.push(reply);
        return reply;
      } catch {
        return undefined;
      } finally {
        api.inFlight -= 1;
      }
    };

    /**
     * Sends until a process answers, as a client does: after no answer, to another process with
     * the same key; after a 503 (the frozen process may hold the data file's write lock), again
     * once Retry-After has passed. While the victim is frozen, two requests go to it.
     */
    const sendUntilAnswered = async (step: Step, key: string, avoid: Api | undefined, tally: { unanswered: number }): Promise<[Reply, Api]> => {
      for (;;) {
        const others = live.filter((api) => api !== avoid);
        const api = frozenAt !== undefined && live.includes(victim) && sentToFrozen < 2 ? victim : pick(others.length ? others : live);
        const reply = await attempt(api, step, key);
        if (!reply) tally.unanswered += 1;
        else if (reply.status === 503) {
          busy += 1;
          await sleep(Number(reply.headers.get('retry-after') ?? 1) * 1000);
        } else return [reply, api];
      }
    };

    const deliver = async (step: Step, key: string): Promise<Delivery> => {
      const tally = { unanswered: 0 };
      const [first, firstBy] = await sendUntilAnswered(step, key, undefined, tally);
      const [retry, retryBy] = await sendUntilAnswered(step, key, firstBy, tally);
      return { key, command: step[0], body: step[1], first, firstBy: firstBy.name, retry, retryBy: retryBy.name, unanswered: tally.unanswered };
    };

    const client = async () => {
      for (let script = scripts.shift(); script; script = scripts.shift()) {
        for (const step of script) {
          const key = `so-command-${(started += 1)}`;
          if (started === Math.ceil(total / 3)) thirdSent.resolve();
          if (started === Math.ceil(total / 2)) armed = true;
          // Hold the load at these marks until the faults happened: they must land in its middle.
          if (started > total * 0.45) await handedOver.promise;
          if (started > total * 0.8) await apiKilled.promise;
          const delivery = await deliver(step, key);
          deliveries.push(delivery);
          if (delivery.command === 'QualifyLead' && delivery.unanswered > 0) {
            // Its inline reaction may have died with the process: the retry's recovery runs it, or
            // the reactor processors on the projector register the customer from the log.
            await until('the customer of a recovered qualification', 10_000, async () =>
              (await get(`/audit/streams/customer-${step[1].customerId}`, KEYS.auditor)).status === 200 || undefined,
            );
          }
        }
      }
    };

    const killProjector = async () => {
      try {
        const second = await track(startProjectorProcess(env));
        await thirdSent.promise;
        const headAtKill = await head();
        firstProjector.child.kill('SIGKILL');
        const killedAt = Date.now();
        // The load is held here, and the first projector may have projected and reacted to all of
        // it: one event after the kill, for the second projector to carry every processor past it.
        const afterKill = await sendRequest(live[0].baseUrl, 'POST', '/commands/LogInteraction', { customerId: HOT_CUSTOMER, channel: 'call', direction: 'inbound', kind: 'other', summary: 'after the projector was killed' });
        expect(afterKill.status).toBe(200);
        // The second projector holds every lease, and the processes report its projections live past where the first stopped.
        let passedMs: number | undefined;
        const liveMs = await until('the second projector runs every projection live', 30_000, async () => {
          if (!heldBy(second)) return undefined;
          passedMs ??= Date.now() - killedAt;
          const statuses: { status: string; position: string | null }[] = (await get('/projections')).body.items;
          const running = statuses.every((s) => s.status === 'live' && s.position !== null && BigInt(s.position) > BigInt(headAtKill));
          return running ? Date.now() - killedAt : undefined;
        });
        leaseHandover = { passedMs: passedMs as number, liveMs };
      } finally {
        handedOver.resolve();
      }
    };
    const killApi = async () => {
      const frozen = await until('the API process is frozen', 60_000, () => frozenAt);
      // Not frozen for long: while it is, it may hold the data file's write lock, and every process waits for it.
      await until('requests sent to the frozen API process', 10_000, () => sentToFrozen >= 2 || Date.now() - frozen > 1_000 || undefined);
      live = live.filter((api) => api !== victim);
      victim.child.kill('SIGKILL');
      apiKilled.resolve();
    };

    await Promise.all([...Array.from({ length: CLIENTS }, client), killProjector(), killApi()]);
    expect(deliveries).toHaveLength(total);
    // The API kill caught requests in flight, which the clients then sent to live processes.
    expect(deliveries.filter((d) => d.unanswered > 0).length).toBeGreaterThan(0);
    process.stdout.write(
      `scale-out: ${total} commands, ${deliveries.filter((d) => d.unanswered > 0).length} caught by the API kill (${deliveries.filter((d) => d.unanswered > 0 && d.first.headers.get('idempotent-replayed') === 'true').length} of them answered as replays: the dead process had run them), ${busy} answered 503 and sent again; leases passed in ${leaseHandover?.passedMs} ms, live in ${leaseHandover?.liveMs} ms\n`,
    );
  }, 90_000);

  it('answers every command, and its retry on another process replays the same answer', () => {
    for (const { command, first, retry, firstBy, retryBy } of deliveries) {
      expect(retryBy).not.toBe(firstBy);
      expect({ command, status: first.status }).toEqual({ command, status: 200 });
      expect({ command, status: retry.status, replayed: retry.headers.get('idempotent-replayed'), body: retry.body }).toEqual({ command, status: 200, replayed: 'true', body: first.body });
    }
  });

  it('passes the projections\' and reactors\' leases to the second projector within their TTL after the first is killed', () => {
    expect(leaseHandover).toBeDefined();
    const { passedMs, liveMs } = leaseHandover as { passedMs: number; liveMs: number };
    // Up to one TTL for the dead holder's lease to expire, plus the standby's look-again interval (TTL/3) and a busy machine's margin.
    expect(passedMs).toBeLessThanOrEqual(LEASE_SECONDS * 1000 + 2_500);
    expect(liveMs).toBeLessThanOrEqual(LEASE_SECONDS * 1000 + 5_000);
  });

  let log: LoggedEvent[] = [];

  it('has exactly one effect per command, acknowledged ones included, and every reaction once', async () => {
    const stream = await sendRequest(live[0].baseUrl, 'GET', '/audit/events', undefined, { key: KEYS.auditor, headers: { accept: 'application/x-ndjson' } });
    expect(stream.status).toBe(200);
    log = stream.text.split('\n').filter((line) => line !== '').map((line) => JSON.parse(line));
    expect(String(log.length)).toBe(await head());
    const byId = new Map(log.map((event) => [event.eventId, event]));

    // Every 2xx answer, also those the killed process gave before it died, names events that are in the log.
    for (const reply of acknowledged) {
      for (const { eventId, type, version } of reply.body.events) expect(byId.get(eventId)).toEqual(expect.objectContaining({ streamId: reply.body.streamId, type, version }));
    }
    // Each command ran once: its answer's events are all its command id has in the log, and the
    // log holds no other client command (each run of a command has a command id of its own).
    const commandIdOf = new Map<string, string>();
    for (const { key, first } of deliveries) {
      const ids = new Set(first.body.events.map((e: { eventId: string }) => byId.get(e.eventId)?.commandId));
      expect({ key, commandIds: ids.size }).toEqual({ key, commandIds: 1 });
      const [commandId] = ids as Set<string>;
      commandIdOf.set(key, commandId);
      expect(log.filter((e) => e.commandId === commandId).map((e) => e.eventId)).toEqual(first.body.events.map((e: { eventId: string }) => e.eventId));
    }
    const clientCommands = new Set(log.filter((e) => !e.actor.startsWith('system:')).map((e) => e.commandId));
    expect(clientCommands.size).toBe(deliveries.length + 2); // and the hot customer's registration and its interaction after the kill
    expect(new Set(commandIdOf.values()).size).toBe(deliveries.length);

    // Each qualified lead registered its customer once, caused by its LeadQualified.
    const qualified = log.filter((e) => e.type === 'LeadQualified');
    expect(qualified.length).toBe(deliveries.filter((d) => d.command === 'QualifyLead').length);
    for (const lead of qualified) {
      const registered = log.filter((e) => e.streamId === `customer-${lead.data.customerId}` && e.type === 'CustomerRegistered');
      expect(registered.map((e) => ({ version: e.version, causationId: e.causationId }))).toEqual([{ version: 0, causationId: lead.eventId }]);
    }
    // Each opportunity opened, advanced or won is recorded on its customer once.
    const activities = log.filter((e) => ['OpportunityOpened', 'StageAdvanced', 'OpportunityWon'].includes(e.type));
    const recorded = log.filter((e) => e.type === 'OpportunityActivityRecorded').map((e) => e.data.sourceEventId);
    expect(recorded.sort()).toEqual(activities.map((e) => e.eventId).sort());
  });

  it('ends with read models equal to a clean rebuild of the log, answered alike by every live process', async () => {
    const last = await head();
    await until('every projection reaches the head of the log', 30_000, async () => {
      const statuses: { status: string; position: string | null }[] = (await get('/projections')).body.items;
      return statuses.every((s) => s.status === 'live' && s.position === last) || undefined;
    });
    const reads = new SqliteReadStore(openSqlite(join(dir, 'read-models.sqlite'), 'normal'));
    const built = await readModelDigest(reads, ALL_PROJECTIONS);
    await reads.close();
    expect(built).toBe(await cleanRebuildDigest(events, last, 30_000));

    const answers = async (api: Api) =>
      Promise.all(
        [`/customers?limit=1000`, `/customers/so-c1/timeline`, `/customers/${HOT_CUSTOMER}/value`, '/analytics/funnel', '/analytics/pareto', '/analytics/campaigns'].map(
          async (path) => (await sendRequest(api.baseUrl, 'GET', `${path}${path.includes('?') ? '&' : '?'}minPosition=${last}`, undefined, { key: KEYS.analyst })).body,
        ),
      );
    const [one, other] = await Promise.all(live.map(answers));
    expect(one[0].items.length).toBe(deliveries.filter((d) => d.command === 'QualifyLead').length + 1);
    expect(other).toEqual(one);
  }, 60_000);

  it('follows a rebuild asked of one API process from the other, to switched; a second request there answers that job while it runs', async () => {
    const [asked, other] = live;
    const rebuild = (api: Api) => sendRequest(api.baseUrl, 'POST', '/projections/timeline/rebuild', undefined, { key: KEYS.analyst });
    const started = await rebuild(asked);
    expect(started.status).toBe(202);
    const again = await rebuild(other);
    expect(again.status).toBe(202);
    if (again.body.job !== started.body.job) {
      // A log this small may rebuild in milliseconds: a job asked for after the first switched is the
      // next one, never a second one beside it. (That a running job answers is the engine's own test.)
      const job = (id: string) => sendRequest(other.baseUrl, 'GET', `/projections/timeline/rebuilds/${id}`, undefined, { key: KEYS.analyst });
      const first = (await job(started.body.job)).body;
      const second = (await job(again.body.job)).body;
      expect(first.status).toBe('switched');
      expect(Date.parse(second.startedAt)).toBeGreaterThanOrEqual(Date.parse(first.finishedAt)); // after it, not beside it
      expect(again.body.generation).toBe(started.body.generation + 1);
      await until('the second rebuild ends too', 30_000, async () => ((await job(again.body.job)).body.status === 'switched') || undefined);
    }
    let job: { status: string; generation: number } | undefined;
    await until('the rebuild switches readers, as seen from the other process', 30_000, async () => {
      const reply = await sendRequest(other.baseUrl, 'GET', `/projections/timeline/rebuilds/${started.body.job}`, undefined, { key: KEYS.analyst });
      expect(reply.status).toBe(200);
      job = reply.body;
      return job?.status === 'switched' || undefined;
    });
    expect(job).toEqual(expect.objectContaining({ generation: started.body.generation, etaSeconds: 0 }));
  }, 60_000);
});
