import { TestServer } from './support/test-server';

describe('concurrent writers', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await TestServer.start();
  });
  afterAll(() => server.stop());

  it('20 concurrent appends with the same If-Match: exactly one succeeds, the rest are 409', async () => {
    await server.command('RegisterCustomer', { customerId: 'hot', name: 'Hot' });
    const replies = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        server.command(
          'LogInteraction',
          { customerId: 'hot', interactionId: `i-${i}`, channel: 'chat', direction: 'inbound', kind: 'support', summary: `ticket ${i}` },
          { headers: { 'If-Match': '0' } },
        ),
      ),
    );
    const statuses = replies.map((r) => r.status).sort();
    expect(statuses).toEqual([200, ...Array(19).fill(409)]);
    for (const conflict of replies.filter((r) => r.status === 409)) {
      expect(conflict.body).toEqual(expect.objectContaining({ expected: 0, actual: 1 }));
    }
    expect(await server.store.readStream('customer-hot')).toHaveLength(2);
  });

  it('without If-Match, concurrent commands on one stream are all applied', async () => {
    await server.command('RegisterCustomer', { customerId: 'busy', name: 'Busy' });
    const replies = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        server.command('RecordPurchase', { customerId: 'busy', orderId: `o-${i}`, lines: [{ productId: 'p', quantity: 1, unitPrice: i }] }),
      ),
    );
    expect(replies.every((r) => r.status === 200)).toBe(true);
    const versions = replies.map((r) => r.body.version).sort((a, b) => a - b);
    expect(versions).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it('without If-Match, 100 commands sent at once to one stream all succeed: in one process they queue instead of racing', async () => {
    await server.command('RegisterCustomer', { customerId: 'crowded', name: 'Crowded' });
    const replies = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        server.command('LogInteraction', { customerId: 'crowded', channel: 'chat', direction: 'inbound', kind: 'support', summary: `ticket ${i}` }),
      ),
    );
    expect(replies.filter((r) => r.status !== 200).map((r) => `${r.status} ${r.text.slice(0, 100)}`)).toEqual([]);
    expect(await server.store.readStream('customer-crowded')).toHaveLength(101);
  }, 60_000);
});
