import { SchedulerRegistry } from '@nestjs/schedule';
import { DormancyScheduler } from '../apps/api/src/dormancy/dormancy.scheduler';
import { TestServer } from './support/test-server';

describe('the dormancy scheduler in the server', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await TestServer.start({ CRM_DORMANCY_SWEEP_MINUTES: '30', CRM_DORMANCY_DAYS: '60' });
  });
  afterAll(() => server.stop());

  it('registers its periodic sweep', () => {
    expect(server.app.get(SchedulerRegistry).getIntervals()).toContain('dormancy-sweep');
  });

  it('sweeps with asOf = now and the configured threshold, as its own principal', async () => {
    await server.command('RegisterCustomer', { customerId: 'quiet', name: 'Q', registeredAt: '2026-01-01' });
    await server.command('RecordPurchase', { customerId: 'quiet', orderId: 'o', occurredAt: '2026-01-01', lines: [{ productId: 'p', quantity: 1, unitPrice: 1 }] });
    await server.command('RegisterCustomer', { customerId: 'recent', name: 'R', registeredAt: '2026-03-01' });
    await server.command('RecordPurchase', { customerId: 'recent', orderId: 'o', occurredAt: '2026-03-01', lines: [{ productId: 'p', quantity: 1, unitPrice: 1 }] });

    await server.app.get(DormancyScheduler).sweep(new Date('2026-03-10T00:00:00Z'));

    const quiet = await server.store.readStream('customer-quiet');
    expect(quiet.map((e) => e.type)).toEqual(['CustomerRegistered', 'PurchaseRecorded', 'CustomerWentDormant']);
    expect(quiet[2].data.since).toBe('2026-03-02T00:00:00.000Z');
    expect(quiet[2].metadata.actor).toBe('system:dormancy-scheduler');
    expect((await server.store.readStream('customer-recent')).map((e) => e.type)).not.toContain('CustomerWentDormant');
  });
});
