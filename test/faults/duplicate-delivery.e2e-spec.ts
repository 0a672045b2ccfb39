import fc from 'fast-check';
import { TestServer } from '../support/test-server';

/**
 * At-least-once senders: every command is sent 3 times with the same Idempotency-Key, the copies
 * interleaved in a shuffled order, 8 at a time, with a server restart in the middle of the
 * stream of copies. Each key must have produced exactly one set of events.
 */
const COMMANDS = 60;

describe('duplicate delivery across a restart', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await TestServer.start({ CRM_RATE_LIMIT_PER_SECOND: '0' });
    await server.mustCommand('RegisterCustomer', { customerId: 'dup', name: 'Dup' });
  });
  afterAll(() => server.stop());

  const commandFor = (k: number): [string, Record<string, unknown>] =>
    k % 2 === 0
      ? ['LogInteraction', { customerId: 'dup', channel: 'email', direction: 'outbound', kind: 'other', summary: `delivery ${k}` }]
      : ['RecordPurchase', { customerId: 'dup', orderId: `order-${k}`, lines: [{ productId: 'p', quantity: 1, unitPrice: k }] }];

  async function sendAll(copies: number[]): Promise<number[]> {
    const statuses: number[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let i = next++; i < copies.length; i = next++) {
          const k = copies[i];
          const [name, body] = commandFor(k);
          // A copy that finds its first copy still running is told 409 in-progress: a real sender retries.
          for (let attempt = 0; ; attempt++) {
            const reply = await server.command(name, body, { headers: { 'Idempotency-Key': `key-${k}` } });
            if (reply.status !== 409 || attempt > 50) {
              statuses.push(reply.status);
              break;
            }
            await new Promise((resolve) => setTimeout(resolve, 20));
          }
        }
      }),
    );
    return statuses;
  }

  it('produces exactly one set of events per Idempotency-Key', async () => {
    const copies = fc.sample(fc.shuffledSubarray([...Array(COMMANDS * 3).keys()].map((i) => i % COMMANDS), { minLength: COMMANDS * 3 }), { numRuns: 1, seed: 3 })[0];
    const half = Math.floor(copies.length / 2);
    const before = await sendAll(copies.slice(0, half));
    await server.restart();
    const after = await sendAll(copies.slice(half));
    expect([...before, ...after].every((status) => status === 200)).toBe(true);

    const events = await server.store.readStream('customer-dup');
    const interactions = events.filter((e) => e.type === 'InteractionLogged').map((e) => (e.data as { summary: string }).summary);
    const purchases = events.filter((e) => e.type === 'PurchaseRecorded').map((e) => (e.data as { orderId: string }).orderId);
    const keys = [...Array(COMMANDS).keys()];
    expect(interactions.sort()).toEqual(keys.filter((k) => k % 2 === 0).map((k) => `delivery ${k}`).sort());
    expect(purchases.sort()).toEqual(keys.filter((k) => k % 2 === 1).map((k) => `order-${k}`).sort());
    // Some keys really were delivered on both sides of the restart.
    const beforeKeys = new Set(copies.slice(0, half));
    expect(copies.slice(half).some((k) => beforeKeys.has(k))).toBe(true);
  }, 60_000);
});
