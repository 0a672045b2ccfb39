import { AGGREGATES, stateAnswer, toDomainEvent } from '@crm/application';
import { fold } from '@crm/domain';
import { KEYS, TestServer } from './support/test-server';

describe('time travel', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await TestServer.start();
    await server.mustCommand('RegisterCustomer', { customerId: 'c1', name: 'Acme', registeredAt: '2026-01-01' });
    await server.mustCommand('RecordPurchase', { customerId: 'c1', orderId: 'o1', occurredAt: '2026-01-10', lines: [{ productId: 'p', quantity: 2, unitPrice: 10 }] });
    await server.mustCommand('RecordPayment', { customerId: 'c1', orderId: 'o1', amount: 5, occurredAt: '2026-02-01' });
    await server.mustCommand('UpdateCustomerProfile', { customerId: 'c1', region: 'north', customFields: { vip: true } });
    await server.mustCommand('LogInteraction', { customerId: 'c1', interactionId: 'i1', channel: 'call', direction: 'inbound', kind: 'other', summary: 's', occurredAt: '2026-06-01' });
    await server.mustCommand('OpenOpportunity', { opportunityId: 'op1', customerId: 'c1', title: 'Deal', openedAt: '2026-01-15' });
    await server.mustCommand('AdvanceStage', { opportunityId: 'op1', toStage: 'proposal', at: '2026-01-20' });
    await server.mustCommand('WinOpportunity', { opportunityId: 'op1', value: 9, at: '2026-02-20' });
  });
  afterAll(() => server.stop());

  const get = (path: string) => server.send('GET', path, undefined, { key: KEYS.analyst });

  it('returns, as of each position, the state a replay up to that point produces', async () => {
    const events = await server.store.readStream('customer-c1');
    for (let k = 1; k <= events.length; k++) {
      const reply = await get(`/customers/c1/state?asOf=${events[k - 1].position}`);
      expect(reply.status).toBe(200);
      const replayed = stateAnswer('customer', fold(AGGREGATES.customer.decider as never, events.slice(0, k).map(toDomainEvent) as never[]));
      expect({ k, ...reply.body }).toEqual({ k, streamId: 'customer-c1', version: k - 1, position: events[k - 1].position, asOf: events[k - 1].position, state: replayed });
    }
  });

  it('folds by business time: the opportunity before and after it was won', async () => {
    const before = await get('/opportunities/op1/state?asOf=2026-02-01');
    expect(before.body.state).toEqual({ status: 'open', opportunityId: 'op1', customerId: 'c1', stage: 'proposal' });
    const after = await get('/opportunities/op1/state?asOf=2026-03-01T00:00:00Z');
    expect(after.body.state.status).toBe('won');
    const customer = await get('/customers/c1/state?asOf=2026-01-12');
    expect(customer.body.state).toEqual(expect.objectContaining({ orders: 1, revenue: 20, paid: 0, outstanding: 20, interactions: 0, activity: 'active' }));
    // Only what a reader needs: no ids of every event seen, no amounts in ten-thousandths.
    expect(Object.keys(customer.body.state).sort()).toEqual(
      ['activity', 'costs', 'currency', 'customFields', 'customerId', 'interactions', 'lastActivityAt', 'orders', 'outstanding', 'paid', 'profile', 'revenue', 'status'],
    );
  });

  it('answers 404 before the aggregate existed and 400 for a bad asOf', async () => {
    expect((await get('/customers/c1/state?asOf=2025-12-31')).status).toBe(404);
    expect((await get('/customers/nobody/state')).status).toBe(404);
    expect((await get('/customers/c1/state?asOf=yesterday')).status).toBe(400);
    expect((await get('/customers/c1/state?asOf=2026-02-30T00:00:00Z')).status).toBe(400);
  });
});
