import fc from 'fast-check';
import { cli } from './support/run-entry';
import { TestServer } from './support/test-server';

// Years in the past: business times later than the server clock are refused, and these plans run for years.
const DAY0 = Date.UTC(2014, 0, 1);
const day = (n: number) => new Date(DAY0 + n * 86_400_000).toISOString();
const T = 90;

interface Plan {
  id: string;
  region: string;
  source?: string;
  capturedDay: number;
  registeredDay: number;
  purchaseDays: number[];
}

describe('ad-hoc projections from the command line', () => {
  const sweepDay = 700;
  const plans: Plan[] = fc
    .sample(
      fc.record({
        region: fc.constantFrom('east', 'west', 'north'),
        source: fc.option(fc.constantFrom('web', 'seo', 'event'), { nil: undefined }),
        capturedDay: fc.integer({ min: 0, max: 30 }),
        wait: fc.integer({ min: 0, max: 20 }),
        gaps: fc.array(fc.integer({ min: 10, max: 200 }), { maxLength: 4 }),
      }),
      { numRuns: 40, seed: 5 },
    )
    .map((p, i) => {
      const registeredDay = p.capturedDay + (p.source ? p.wait : 0);
      let dayCursor = registeredDay;
      return { id: `a${i}`, region: p.region, source: p.source, capturedDay: p.capturedDay, registeredDay, purchaseDays: p.gaps.map((gap) => (dayCursor += gap)) };
    });
  let server: TestServer;

  beforeAll(async () => {
    server = await TestServer.start({ CRM_RATE_LIMIT_PER_SECOND: '0' });
    for (const p of plans) {
      if (p.source) {
        await server.mustCommand('CaptureLead', { leadId: `l-${p.id}`, source: p.source, contact: { name: p.id, region: p.region }, capturedAt: day(p.capturedDay) });
        await server.mustCommand('QualifyLead', { leadId: `l-${p.id}`, customerId: p.id, at: day(p.registeredDay) });
      } else {
        await server.mustCommand('RegisterCustomer', { customerId: p.id, name: p.id, region: p.region, registeredAt: day(p.registeredDay) });
      }
      for (const [j, d] of p.purchaseDays.entries()) {
        await server.mustCommand('RecordPurchase', { customerId: p.id, orderId: `o${j}`, occurredAt: day(d), lines: [{ productId: 'p', quantity: 1, unitPrice: 1 }] });
      }
    }
    await server.mustCommand('DetectDormancy', { asOf: day(sweepDay), thresholdDays: T });
  }, 60_000);
  afterAll(() => server.stop());

  const rowsOf = (output: string) => output.trim().split('\n').map((line) => JSON.parse(line));

  it('churn risk by region equals the dormancy computed from the plan', () => {
    const expected = new Map<string, { customers: number; dormantNow: number; dormantPeriods: number; closedDays: number[] }>();
    for (const p of plans) {
      const r = expected.get(p.region) ?? { customers: 0, dormantNow: 0, dormantPeriods: 0, closedDays: [] };
      r.customers += 1;
      const activity = [p.registeredDay, ...p.purchaseDays];
      for (let i = 1; i < activity.length; i++) {
        const hadBought = i >= 2; // the first purchase is activity[1]
        if (hadBought && activity[i] - activity[i - 1] > T) {
          r.dormantPeriods += 1;
          r.closedDays.push(activity[i] - (activity[i - 1] + T));
        }
      }
      const last = activity[activity.length - 1];
      if (p.purchaseDays.length > 0 && sweepDay - last > T) {
        r.dormantNow += 1;
        r.dormantPeriods += 1;
      }
      expected.set(p.region, r);
    }
    const run = cli(server.dataDir, 'project', 'examples/projections/churn-risk-by-region.ts');
    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(/churn-risk-by-region: \d+ events folded into 3 rows/);
    const rows = Object.fromEntries(rowsOf(run.stdout).map((row) => [row.key, row]));
    for (const [region, r] of expected) {
      const avg = r.closedDays.length ? Math.round((r.closedDays.reduce((t, d) => t + d, 0) / r.closedDays.length) * 100) / 100 : null;
      expect(rows[region]).toEqual({
        key: region,
        customers: r.customers,
        dormantNow: r.dormantNow,
        churnRisk: Math.round((r.dormantNow / r.customers) * 1e4) / 1e4,
        dormantPeriods: r.dormantPeriods,
        avgDormantDays: avg,
      });
    }
  }, 60_000);

  it('time to first purchase by lead source equals the plan, as CSV and within --until', () => {
    const until = 200;
    const median = (values: number[]) => {
      const sorted = [...values].sort((a, b) => a - b);
      const mid = Math.floor(sorted.length / 2);
      return sorted.length === 0 ? null : sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    };
    const bySource = new Map<string, { customers: number; days: number[] }>();
    for (const p of plans.filter((plan) => plan.registeredDay <= until)) {
      const source = p.source ?? 'direct';
      const s = bySource.get(source) ?? { customers: 0, days: [] };
      s.customers += 1;
      const first = p.purchaseDays.find((d) => d <= until);
      if (first !== undefined) s.days.push(first - (p.source ? p.capturedDay : p.registeredDay));
      bySource.set(source, s);
    }
    const run = cli(server.dataDir, 'project', 'examples/projections/time-to-first-purchase-by-source.ts', '--until', day(until), '--format', 'csv');
    expect(run.status).toBe(0);
    const [header, ...lines] = run.stdout.trim().split('\r\n');
    expect(header).toBe('key,customers,buyers,conversion,medianDaysToFirstPurchase,avgDaysToFirstPurchase');
    const expectedLines = [...bySource.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([source, s]) => {
        const avg = s.days.length ? Math.round((s.days.reduce((t, d) => t + d, 0) / s.days.length) * 100) / 100 : '';
        return [source, s.customers, s.days.length, Math.round((s.days.length / s.customers) * 1e4) / 1e4, median(s.days) ?? '', avg].join(',');
      });
    expect(lines).toEqual(expectedLines);
  }, 60_000);

  it('explains a file that does not export a projection', () => {
    const run = cli(server.dataDir, 'project', 'package.json');
    expect(run.status).toBe(2);
    expect(run.stderr.trim()).toBe('package.json: export the projection as `export default { … }`, `export const projection = { … }` or `module.exports = { … }`');
  }, 60_000);
});
