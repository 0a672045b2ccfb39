/**
 * The load generator, in its own process (on 2 cores it costs the server most of one): autocannon
 * sending the command mix. With `probeLag`, it also polls GET /projections every 5 ms and reports
 * how long after each acknowledged command every projection had applied it (live lag).
 * Arguments: one JSON object; prints one JSON line of results.
 */
import autocannon from 'autocannon';
import { knowStage, mixCommand } from '../support/command-mix';

interface Args {
  url: string;
  connections: number;
  duration: number;
  overallRate?: number;
  key: string;
  analystKey?: string;
  probeLag?: boolean;
  /** Read the opportunities' stages first (our server; the floor keeps none). */
  learnStages?: boolean;
  salt: string;
}

const args = JSON.parse(process.argv[2]) as Args;
const acknowledged: { position: bigint; at: number }[] = [];
const applied: { position: bigint; at: number }[] = [];
let probing = Boolean(args.probeLag);

async function probe(): Promise<void> {
  while (probing) {
    try {
      const reply = await fetch(`${args.url}/projections`, { headers: { authorization: `Bearer ${args.analystKey}` } });
      const body = (await reply.json()) as { items: { position: string | null }[] };
      const positions = body.items.map((p) => BigInt(p.position ?? '0'));
      applied.push({ position: positions.reduce((a, b) => (b < a ? b : a)), at: Date.now() });
    } catch {
      // the server is busy: try again
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Where every opportunity stands now (earlier runs moved them), so the mix moves each to another stage. */
async function learnStages(): Promise<void> {
  let cursor = '';
  do {
    const reply = await fetch(`${args.url}/opportunities?limit=1000${cursor ? `&cursor=${cursor}` : ''}`, { headers: { authorization: `Bearer ${args.key}` } });
    const page = (await reply.json()) as { items: { opportunityId: string; stage: string }[]; nextCursor: string | null };
    for (const item of page.items) knowStage(item.opportunityId, item.stage);
    cursor = page.nextCursor ?? '';
  } while (cursor);
}

let n = 0;
const run = () => autocannon(
  {
    url: args.url,
    connections: args.connections,
    duration: args.duration,
    ...(args.overallRate ? { overallRate: args.overallRate } : {}),
    requests: [
      {
        setupRequest: (request: autocannon.Request) => {
          const [command, body] = mixCommand(n++, args.salt);
          return { ...request, method: 'POST', path: `/commands/${command}`, headers: { 'content-type': 'application/json', authorization: `Bearer ${args.key}` }, body: JSON.stringify(body) };
        },
        onResponse: (status: number, body: string) => {
          if (!args.probeLag || status !== 200) return;
          const position = (JSON.parse(body) as { position?: string }).position;
          if (position !== undefined) acknowledged.push({ position: BigInt(position), at: Date.now() });
        },
      },
    ],
  },
  (error, result) => {
    probing = false;
    if (error) {
      console.error(error);
      process.exit(1);
    }
    const lags: number[] = [];
    let j = 0;
    for (const ack of acknowledged.sort((a, b) => a.at - b.at)) {
      while (j < applied.length && applied[j].at < ack.at) j++;
      const seen = applied.slice(j).find((p) => p.position >= ack.position);
      if (seen) lags.push(seen.at - ack.at);
    }
    lags.sort((a, b) => a - b);
    const pct = (p: number) => (lags.length ? lags[Math.min(lags.length - 1, Math.floor(p * lags.length))] : NaN);
    const codes = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, { count }]) => [code, Number(count)]));
    console.log(
      JSON.stringify({
        requestsPerSecond: result.requests.average,
        p50: result.latency.p50,
        p99: result.latency.p99,
        p999: result.latency.p99_9,
        non2xx: result.non2xx,
        errors: result.errors,
        codes,
        ...(args.probeLag ? { lagP50: pct(0.5), lagP99: pct(0.99), lagSamples: lags.length, unmatched: acknowledged.length - lags.length } : {}),
      }),
    );
    process.exit(0);
  },
);
void (args.learnStages ? learnStages() : Promise.resolve()).then(() => {
  run();
  if (args.probeLag) void probe();
});
