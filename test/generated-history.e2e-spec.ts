import fc from 'fast-check';
import { KEYS, TestServer } from './support/test-server';

/**
 * A generated history of several hundred customers, sent as commands; every figure is then
 * recomputed here, independently of the projection code, and compared with the API's answers.
 */
interface Plan {
  id: string;
  region: string;
  industry: string;
  orders: { orderId: string; day: number; lines: { productId: string; quantity: number; unitCents: number; costCents?: number }[]; paidCents: number }[];
  costsCents: number[];
  satisfaction: { perceived: number; expected: number }[];
}

const REGIONS = ['east', 'west', 'north', 'south'];
const INDUSTRIES = ['retail', 'software', 'medical'];
// Years in the past: business times later than the server clock are refused, and these plans run for years.
const DAY0 = Date.UTC(2014, 0, 1);
const day = (n: number) => new Date(DAY0 + n * 86_400_000).toISOString();

function generate(count: number): Plan[] {
  const line = fc.record({
    productId: fc.constantFrom('gtx', 'mg', 'alpha'),
    quantity: fc.integer({ min: 1, max: 5 }),
    unitCents: fc.integer({ min: 0, max: 500_000 }),
    costCents: fc.option(fc.integer({ min: 0, max: 300_000 }), { nil: undefined }),
  });
  const plan = fc.record({
    region: fc.constantFrom(...REGIONS),
    industry: fc.constantFrom(...INDUSTRIES),
    orders: fc.array(fc.record({ day: fc.integer({ min: 1, max: 600 }), lines: fc.array(line, { minLength: 1, maxLength: 3 }), paidShare: fc.constantFrom(0, 0.5, 1) }), { maxLength: 4 }),
    costsCents: fc.array(fc.integer({ min: 0, max: 200_000 }), { maxLength: 3 }),
    satisfaction: fc.array(fc.record({ perceived: fc.integer({ min: 0, max: 10 }), expected: fc.integer({ min: 0, max: 10 }) }), { maxLength: 2 }),
  });
  return fc.sample(plan, { numRuns: count, seed: 7 }).map((p, i) => ({
    id: `gen-${String(i).padStart(3, '0')}`,
    region: p.region,
    industry: p.industry,
    costsCents: p.costsCents,
    satisfaction: p.satisfaction,
    orders: p.orders.map((o, j) => {
      const total = o.lines.reduce((t, l) => t + l.quantity * l.unitCents, 0);
      return { orderId: `o${j}`, day: o.day, lines: o.lines, paidCents: Math.floor(total * o.paidShare) };
    }),
  }));
}

const cents = (n: number) => n / 100;
const totalCents = (plan: Plan) => plan.orders.reduce((t, o) => t + o.lines.reduce((s, l) => s + l.quantity * l.unitCents, 0), 0);
const cogsCents = (plan: Plan) => plan.orders.reduce((t, o) => t + o.lines.reduce((s, l) => s + l.quantity * (l.costCents ?? 0), 0), 0);
const netCents = (plan: Plan) => totalCents(plan) - cogsCents(plan) - plan.costsCents.reduce((t, c) => t + c, 0);
const quintile = (better: number, population: number) => 5 - Math.min(4, Math.floor((5 * better) / population));

describe('a generated history of several hundred customers', () => {
  const plans = generate(300);
  let server: TestServer;
  const last = () => server.lastPosition;

  beforeAll(async () => {
    server = await TestServer.start({ CRM_RATE_LIMIT_PER_SECOND: '0' });
    const send = (name: string, body: unknown) => server.mustCommand(name, body);
    for (const plan of plans) {
      await send('RegisterCustomer', { customerId: plan.id, name: plan.id, region: plan.region, industry: plan.industry, registeredAt: day(0) });
      for (const order of plan.orders) {
        const lines = order.lines.map((l) => ({ productId: l.productId, quantity: l.quantity, unitPrice: cents(l.unitCents), ...(l.costCents !== undefined ? { unitCost: cents(l.costCents) } : {}) }));
        await send('RecordPurchase', { customerId: plan.id, orderId: order.orderId, occurredAt: day(order.day), lines });
        if (order.paidCents > 0) await send('RecordPayment', { customerId: plan.id, orderId: order.orderId, amount: cents(order.paidCents), occurredAt: day(order.day) });
      }
      for (const cost of plan.costsCents) await send('RecordCost', { customerId: plan.id, category: 'service', amount: cents(cost), occurredAt: day(1) });
      for (const s of plan.satisfaction) {
        await send('LogInteraction', { customerId: plan.id, channel: 'support', direction: 'inbound', kind: 'survey', summary: 'survey', occurredAt: day(2), satisfaction: s });
      }
    }
  }, 120_000);
  afterAll(() => server.stop());

  const get = async (path: string) => {
    const reply = await server.send('GET', path, undefined, { key: KEYS.analyst });
    expect(reply.status).toBe(200);
    return reply.body;
  };

  it('answers every customer\'s value figures, tier and RFM as computed independently', async () => {
    const nets = plans.map(netCents);
    const buyers = plans.filter((p) => p.orders.length > 0);
    const lastDay = (p: Plan) => Math.max(...p.orders.map((o) => o.day));
    const latestBusinessDay = Math.max(...buyers.map(lastDay), 2);
    for (const plan of plans) {
      const value = await get(`/customers/${plan.id}/value?minPosition=${last()}`);
      const revenue = totalCents(plan);
      const paid = plan.orders.reduce((t, o) => t + o.paidCents, 0);
      const better = nets.filter((n) => n > netCents(plan)).length;
      const expectedTier = better < 0.2 * plans.length ? 'A' : better < 0.7 * plans.length ? 'B' : 'C';
      expect({ id: plan.id, ...value }).toEqual(
        expect.objectContaining({
          id: plan.id,
          revenue: cents(revenue),
          cogs: cents(cogsCents(plan)),
          netValue: cents(netCents(plan)),
          orders: plan.orders.length,
          paid: cents(paid),
          outstanding: cents(revenue - paid),
          tier: expectedTier,
        }),
      );
      expect(value.satisfaction.count).toBe(plan.satisfaction.length);
      if (plan.orders.length === 0) {
        expect(value.rfm).toBeNull();
        continue;
      }
      const monetaryBetter = buyers.filter((p) => totalCents(p) > revenue).length;
      const frequencyBetter = buyers.filter((p) => p.orders.length > plan.orders.length).length;
      const recencyBetter = buyers.filter((p) => lastDay(p) > lastDay(plan)).length;
      expect(value.rfm).toEqual({
        recencyDays: latestBusinessDay - lastDay(plan),
        frequency: plan.orders.length,
        monetary: cents(revenue),
        r: quintile(recencyBetter, buyers.length),
        f: quintile(frequencyBetter, buyers.length),
        m: quintile(monetaryBetter, buyers.length),
        score: `${quintile(recencyBetter, buyers.length)}${quintile(frequencyBetter, buyers.length)}${quintile(monetaryBetter, buyers.length)}`,
      });
    }
    // One value request per customer, each with its rank counts: seconds on a loaded machine.
  }, 60_000);

  it('answers the pareto figures and lists each tier\'s customers', async () => {
    const sorted = plans.map((p) => ({ id: p.id, net: netCents(p) }));
    const nets = sorted.map((s) => s.net);
    // At most ceil(20%) / ceil(70%) of customers worth at least as much; ties fall to the lower tier.
    const tierOf = (net: number) => {
      const atLeast = nets.filter((n) => n >= net).length;
      return atLeast <= Math.ceil((20 * nets.length) / 100) ? 'A' : atLeast <= Math.ceil((70 * nets.length) / 100) ? 'B' : 'C';
    };
    const total = nets.reduce((t, n) => t + n, 0);
    const sumOf = (tier: string) => sorted.filter((s) => tierOf(s.net) === tier).reduce((t, s) => t + s.net, 0);
    const pareto = await get(`/analytics/pareto?minPosition=${last()}`);
    expect(pareto.customers).toBe(plans.length);
    expect(pareto.totalNetValue).toBeCloseTo(cents(total), 6);
    for (const tier of ['A', 'B', 'C']) {
      expect(pareto.tiers[tier].customers).toBe(sorted.filter((s) => tierOf(s.net) === tier).length);
      expect(pareto.tiers[tier].netValue).toBeCloseTo(cents(sumOf(tier)), 6);
    }
    expect(pareto.profitWithoutC).toBeCloseTo(cents(total - sumOf('C')), 6);

    const listed = (await server.allItems('/customers?tier=A')).map((c: { customerId: string }) => c.customerId);
    expect(listed.sort()).toEqual(sorted.filter((s) => tierOf(s.net) === 'A').map((s) => s.id).sort());
  });

  it('answers segments by region, industry, product and month, highest revenue first', async () => {
    const purchases = plans.flatMap((p) => p.orders.map((o) => ({ plan: p, order: o })));
    const expectSegments = async (by: string, keyOf: (p: Plan, o: Plan['orders'][number]) => string[]) => {
      const expected = new Map<string, { revenue: number; orders: number; customers: Set<string> }>();
      for (const { plan, order } of purchases) {
        for (const key of keyOf(plan, order)) {
          const lines = by === 'productId' ? order.lines.filter((l) => l.productId === key) : order.lines;
          const entry = expected.get(key) ?? { revenue: 0, orders: 0, customers: new Set<string>() };
          entry.revenue += lines.reduce((t, l) => t + l.quantity * l.unitCents, 0);
          entry.orders += 1;
          entry.customers.add(plan.id);
          expected.set(key, entry);
        }
      }
      const answer = await get(`/analytics/segments?by=${by}&minPosition=${last()}`);
      const revenues = answer.items.map((i: { revenue: number }) => i.revenue);
      expect(revenues).toEqual([...revenues].sort((a, b) => b - a));
      const got = Object.fromEntries(answer.items.filter((i: { orders: number }) => i.orders > 0).map((i: { key: string; revenue: number; orders: number; customers: number }) => [i.key, i]));
      expect(Object.keys(got).sort()).toEqual([...expected.keys()].sort());
      for (const [key, entry] of expected) {
        expect({ key, revenue: got[key].revenue, orders: got[key].orders }).toEqual({ key, revenue: cents(entry.revenue), orders: entry.orders });
        if (by === 'productId' || by === 'month') expect(got[key].customers).toBe(entry.customers.size);
      }
    };
    await expectSegments('region', (p) => [p.region]);
    await expectSegments('industry', (p) => [p.industry]);
    await expectSegments('productId', (_p, o) => [...new Set(o.lines.map((l) => l.productId))]);
    await expectSegments('month', (_p, o) => [day(o.day).slice(0, 7)]);
  });

  it('lists customers by region and industry as generated', async () => {
    for (const region of REGIONS) {
      const page = await get(`/customers?region=${region}&industry=retail&limit=1000`);
      expect(page.items.map((c: { customerId: string }) => c.customerId)).toEqual(plans.filter((p) => p.region === region && p.industry === 'retail').map((p) => p.id));
    }
  });
});
