import { openSqlite } from '@crm/event-store';
import { ALL_PROJECTIONS, ProjectionEngine, readModelDigest } from '@crm/projections';
import { ReadStore, SqliteReadStore } from '@crm/read-store';
import fc from 'fast-check';
import { ProjectionEngineService as ProjectionEngineToken } from '../apps/api/src/projections/projection-engine.service';
import { TestServer } from './support/test-server';

const DAY0 = Date.UTC(2025, 0, 1);
const day = (n: number) => new Date(DAY0 + n * 86_400_000).toISOString();

/** A mixed history: leads, customers, interactions, purchases, payments, costs, opportunities, dormancy. */
function history(count: number): [string, Record<string, unknown>][] {
  const customer = fc.record({
    source: fc.constantFrom('web', 'seo', 'event'),
    qualify: fc.boolean(),
    purchases: fc.array(fc.record({ day: fc.integer({ min: 1, max: 400 }), price: fc.integer({ min: 1, max: 5000 }) }), { maxLength: 3 }),
    interactions: fc.array(fc.integer({ min: 1, max: 400 }), { maxLength: 3 }),
    opportunity: fc.constantFrom('none', 'won', 'lost', 'open'),
  });
  return fc.sample(customer, { numRuns: count, seed: 99 }).flatMap((c, i) => {
    const id = `d${i}`;
    const commands: [string, Record<string, unknown>][] = [['CaptureLead', { leadId: id, source: c.source, contact: { name: `Name ${i}` }, tags: ['t'], capturedAt: day(0) }]];
    if (!c.qualify) return [...commands, ['DisqualifyLead', { leadId: id, reason: 'no-need', at: day(1) }]];
    commands.push(['QualifyLead', { leadId: id, customerId: id, at: day(1) }]);
    c.purchases.sort((a, b) => a.day - b.day).forEach((p, j) => {
      commands.push(['RecordPurchase', { customerId: id, orderId: `o${j}`, occurredAt: day(p.day), lines: [{ productId: 'p', quantity: 1, unitPrice: p.price, unitCost: p.price / 2 }] }]);
      commands.push(['RecordPayment', { customerId: id, orderId: `o${j}`, amount: p.price / 2, occurredAt: day(p.day) }]);
    });
    for (const d of c.interactions.sort((a, b) => a - b)) {
      commands.push(['LogInteraction', { customerId: id, channel: 'call', direction: 'inbound', kind: 'survey', summary: 's', occurredAt: day(d), satisfaction: { perceived: 5, expected: 7 } }]);
    }
    commands.push(['RecordCost', { customerId: id, category: 'support', amount: 10, occurredAt: day(2) }]);
    if (c.opportunity !== 'none') {
      commands.push(['OpenOpportunity', { opportunityId: id, customerId: id, title: 't', openedAt: day(410) }]);
      commands.push(['AdvanceStage', { opportunityId: id, toStage: 'proposal', at: day(412) }]);
      if (c.opportunity === 'won') commands.push(['WinOpportunity', { opportunityId: id, value: 100, at: day(415) }]);
      if (c.opportunity === 'lost') commands.push(['LoseOpportunity', { opportunityId: id, reason: 'price', at: day(415) }]);
    }
    return commands;
  });
}

describe('read models are deterministic', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await TestServer.start({ CRM_RATE_LIMIT_PER_SECOND: '0' });
  });
  afterAll(() => server.stop());

  async function rebuild(): Promise<{ reads: ReadStore; digest: string }> {
    const reads = new SqliteReadStore(openSqlite(':memory:'));
    const engine = new ProjectionEngine(ALL_PROJECTIONS, server.store, reads, { owner: 'rebuild' });
    engine.start();
    await engine.waitFor(ALL_PROJECTIONS.map((p) => p.name), (await server.store.headPosition()) as string, 60_000);
    await engine.stop();
    return { reads, digest: await readModelDigest(reads, ALL_PROJECTIONS) };
  }

  it('live read models, built while commands arrive and across a restart, equal two clean rebuilds', async () => {
    const commands = history(120);
    const half = Math.floor(commands.length / 2);
    for (const [i, [name, body]] of commands.entries()) {
      if (i === half) await server.restart();
      const reply = await server.command(name, body);
      expect({ name, status: reply.status }).toEqual({ name, status: 200 });
    }
    await server.command('DetectDormancy', { asOf: day(600) });
    const head = (await server.store.headPosition()) as string;
    await server.send('GET', `/customers?minPosition=${head}&timeoutMs=30000`);
    const live = server.app.get(ProjectionEngineToken);
    await live.waitFor(ALL_PROJECTIONS.map((p) => p.name), head, 30_000);

    const liveDigest = await readModelDigest(server.app.get(ReadStore), ALL_PROJECTIONS);
    const first = await rebuild();
    const second = await rebuild();
    expect(first.digest).toBe(second.digest);
    expect(liveDigest).toBe(first.digest);
    expect(await first.reads.count('customers_v1')).toBeGreaterThan(30);
  }, 120_000);
});


