import fc from 'fast-check';

// Years in the past: business times later than the server clock are refused, and these plans run for years.
const DAY0 = Date.UTC(2014, 0, 1);
export const day = (n: number) => new Date(DAY0 + n * 86_400_000).toISOString();

/** A mixed history: leads, customers, interactions, purchases, payments, costs, opportunities, dormancy. */
export function mixedHistory(count: number): [string, Record<string, unknown>][] {
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

