import fc from 'fast-check';
import { KEYS, TestServer } from '../support/test-server';

/**
 * 16 clients × 200 purchases over 20 customers, each with If-Match and retry on 409 (the client
 * re-reads the version the conflict reports): every accepted purchase is stored exactly once,
 * none is lost, and the value read model's revenue equals the sum of what was accepted.
 */
const CLIENTS = 16;
const PER_CLIENT = 200;
const CUSTOMERS = 20;

describe('concurrent writers with If-Match', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await TestServer.start({ CRM_RATE_LIMIT_PER_SECOND: '0' });
    for (let c = 0; c < CUSTOMERS; c++) await server.mustCommand('RegisterCustomer', { customerId: `w${c}`, name: `Writer ${c}` });
  });
  afterAll(() => server.stop());

  it('stores every accepted command exactly once and loses none; revenue equals the accepted sum', async () => {
    // Each client's customers and amounts, from a fixed seed.
    const plans = fc.sample(fc.array(fc.record({ customer: fc.nat(CUSTOMERS - 1), price: fc.integer({ min: 1, max: 999 }) }), { minLength: PER_CLIENT, maxLength: PER_CLIENT }), { numRuns: CLIENTS, seed: 16 });
    const known = new Map<string, number>(Array.from({ length: CUSTOMERS }, (_, c) => [`w${c}`, 0]));
    const accepted = new Map<string, { customerId: string; price: number }>();
    let conflicts = 0;

    await Promise.all(
      plans.map(async (plan, client) => {
        for (const [i, { customer, price }] of plan.entries()) {
          const customerId = `w${customer}`;
          const orderId = `c${client}-o${i}`;
          for (let attempt = 0; ; attempt++) {
            const reply = await server.command(
              'RecordPurchase',
              { customerId, orderId, lines: [{ productId: 'p', quantity: 1, unitPrice: price }] },
              { headers: { 'If-Match': String(known.get(customerId)) } },
            );
            if (reply.status === 200) {
              known.set(customerId, Math.max(known.get(customerId) as number, reply.body.version));
              accepted.set(orderId, { customerId, price });
              break;
            }
            expect(reply.status).toBe(409);
            conflicts += 1;
            known.set(customerId, reply.body.actual);
            if (attempt > 500) throw new Error(`${orderId} never got through`);
          }
        }
      }),
    );

    expect(accepted.size).toBe(CLIENTS * PER_CLIENT);
    expect(conflicts).toBeGreaterThan(0); // the test really raced
    const stored = (await server.store.readAll({ limit: 1_000_000, eventTypes: ['PurchaseRecorded'] })).map((e) => e.data as { orderId: string; customerId: string });
    expect(stored).toHaveLength(accepted.size);
    expect(new Set(stored.map((e) => e.orderId))).toEqual(new Set(accepted.keys()));

    const head = (await server.store.headPosition()) as string;
    for (let c = 0; c < CUSTOMERS; c++) {
      const customerId = `w${c}`;
      const expected = [...accepted.values()].filter((a) => a.customerId === customerId).reduce((sum, a) => sum + a.price, 0);
      const value = await server.send('GET', `/customers/${customerId}/value?minPosition=${head}&timeoutMs=20000`, undefined, { key: KEYS.analyst });
      expect({ customerId, revenue: value.body.revenue }).toEqual({ customerId, revenue: expected });
    }
  }, 120_000);
});
