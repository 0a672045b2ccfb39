import { CommandService, recordPurchase, registerCustomer } from '@crm/application';
import { KEYS, TestServer } from './support/test-server';

const DAY = 86_400_000;
const iso = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString();
const FAR = '2199-01-01T00:00:00Z';

/** Every business time of every command, each set one at a time to a time from the future. */
const CASES: [command: string, field: string, body: Record<string, unknown>][] = [
  ['CaptureLead', 'capturedAt', { leadId: 'l-new', source: 'web', contact: { name: 'N' } }],
  ['QualifyLead', 'at', { leadId: 'l1', customerId: 'c-from-lead' }],
  ['DisqualifyLead', 'at', { leadId: 'l1', reason: 'other' }],
  ['RegisterCustomer', 'registeredAt', { customerId: 'c-new', name: 'N' }],
  ['LogInteraction', 'occurredAt', { customerId: 'c1', channel: 'call', direction: 'inbound', kind: 'other', summary: 's' }],
  ['RecordPurchase', 'occurredAt', { customerId: 'c1', orderId: 'o-future', lines: [{ productId: 'p', quantity: 1, unitPrice: 10 }] }],
  ['RecordPayment', 'occurredAt', { customerId: 'c1', orderId: 'o1', amount: 1 }],
  ['RecordCost', 'occurredAt', { customerId: 'c1', category: 'other', amount: 1 }],
  ['OpenOpportunity', 'openedAt', { opportunityId: 'op-new', customerId: 'c1', title: 't' }],
  ['AdvanceStage', 'at', { opportunityId: 'op1', toStage: 'proposal' }],
  ['RecordQuote', 'at', { opportunityId: 'op1', amount: 5 }],
  ['WinOpportunity', 'at', { opportunityId: 'op1', value: 5 }],
  ['LoseOpportunity', 'at', { opportunityId: 'op1', reason: 'price' }],
  ['DetectDormancy', 'asOf', {}],
];

describe('business times from the future', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await TestServer.start();
    await server.mustCommand('CaptureLead', { leadId: 'l1', source: 'web', contact: { name: 'L' } });
    await server.mustCommand('RegisterCustomer', { customerId: 'c1', name: 'Acme' });
    await server.mustCommand('RecordPurchase', { customerId: 'c1', orderId: 'o1', occurredAt: iso(-10 * DAY), lines: [{ productId: 'p', quantity: 1, unitPrice: 100 }] });
    await server.mustCommand('OpenOpportunity', { opportunityId: 'op1', customerId: 'c1', title: 'T' });
  });
  afterAll(() => server.stop());

  it.each(CASES)('%s with %s from the future is 422 business-time-in-future and appends nothing', async (command, field, body) => {
    const before = (await server.store.readAll({ limit: 100_000 })).length;
    for (const at of [FAR, iso(301_000)]) {
      const reply = await server.command(command, { ...body, [field]: at });
      expect({ at, status: reply.status, rule: reply.body?.rule }).toEqual({ at, status: 422, rule: 'business-time-in-future' });
      expect(reply.body.detail).toMatch(/ahead of the server's clock/);
    }
    expect((await server.store.readAll({ limit: 100_000 })).length).toBe(before);
  });

  it('accepts a business time within the tolerance (the sender\'s clock a little ahead), and before 1900 is a 400', async () => {
    expect((await server.command('LogInteraction', { ...CASES[4][2], occurredAt: iso(60_000) })).status).toBe(200);
    expect((await server.command('LogInteraction', { ...CASES[4][2], occurredAt: '1899-12-31' })).status).toBe(400);
  });

  it('follows CRM_FUTURE_TOLERANCE_SECONDS', async () => {
    const strict = await TestServer.start({ CRM_FUTURE_TOLERANCE_SECONDS: '0' });
    try {
      await strict.mustCommand('RegisterCustomer', { customerId: 'c1', name: 'Acme' });
      const reply = await strict.command('LogInteraction', { ...CASES[4][2], occurredAt: iso(30_000) });
      expect(reply.body.rule).toBe('business-time-in-future');
    } finally {
      await strict.stop();
    }
  });

  it('measures recency from the latest business time in the store, never past the server clock', async () => {
    // A log written before the rule: a purchase dated 2199 appended as if the clock said so.
    const commands = server.app.get(CommandService);
    const context = { actor: 'legacy', commandId: 'legacy-1', correlationId: 'legacy', causationId: 'legacy-1', now: FAR };
    await commands.execute(registerCustomer, { customerId: 'c-2199', name: 'Future', registeredAt: '2017-01-01T00:00:00.000Z' }, context);
    const late = await commands.execute(recordPurchase, { customerId: 'c-2199', orderId: 'o', occurredAt: FAR, lines: [{ productId: 'p', quantity: 1, unitPrice: 100 }] }, context);
    const value = await server.send('GET', `/customers/c1/value?minPosition=${late.position}`, undefined, { key: KEYS.analyst });
    expect(value.status).toBe(200);
    expect(value.body.rfm.recencyDays).toBe(10);
  });
});
