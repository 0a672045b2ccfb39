import { IdempotencyPurge } from '../apps/api/src/commands/idempotency-purge';
import { KEYS, TestServer } from './support/test-server';

describe('Idempotency-Key', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await TestServer.start();
    await server.command('RegisterCustomer', { customerId: 'c1', name: 'Acme' });
  });
  afterAll(() => server.stop());

  const interaction = { customerId: 'c1', channel: 'call', direction: 'outbound', kind: 'follow-up', summary: 'check-in' };
  const streamLength = async () => (await server.store.readStream('customer-c1')).length;

  it('replays the first result for the same key and body, appending nothing', async () => {
    const first = await server.command('LogInteraction', interaction, { headers: { 'Idempotency-Key': 'k-1' } });
    const length = await streamLength();
    const second = await server.command('LogInteraction', interaction, { headers: { 'Idempotency-Key': 'k-1' } });
    expect(first.status).toBe(200);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(second.status).toBe(200);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(second.body).toEqual(first.body);
    expect(await streamLength()).toBe(length);
  });

  it('refuses the same key with a different body with 422, appending nothing', async () => {
    await server.command('LogInteraction', interaction, { headers: { 'Idempotency-Key': 'k-2' } });
    const length = await streamLength();
    const reply = await server.command('LogInteraction', { ...interaction, summary: 'other' }, { headers: { 'Idempotency-Key': 'k-2' } });
    expect(reply.status).toBe(422);
    expect(reply.body.rule).toBe('idempotency-key-reused');
    expect(await streamLength()).toBe(length);
  });

  it('refuses the same key for another command with 422', async () => {
    await server.command('AssignOwner', { customerId: 'c1', ownerId: 'r1' }, { headers: { 'Idempotency-Key': 'k-3' } });
    const reply = await server.command('LogInteraction', interaction, { headers: { 'Idempotency-Key': 'k-3' } });
    expect(reply.status).toBe(422);
  });

  it('replays a refusal with its status and body', async () => {
    const body = { customerId: 'c1', orderId: 'none', amount: 5 };
    const first = await server.command('RecordPayment', body, { headers: { 'Idempotency-Key': 'k-4' } });
    const second = await server.command('RecordPayment', body, { headers: { 'Idempotency-Key': 'k-4' } });
    expect([first.status, second.status]).toEqual([422, 422]);
    expect(second.body).toEqual(first.body);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
  });

  it('scopes keys per API principal', async () => {
    const asService = await server.command('LogInteraction', interaction, { headers: { 'Idempotency-Key': 'shared' } });
    const asAdmin = await server.command('LogInteraction', interaction, { headers: { 'Idempotency-Key': 'shared' }, key: KEYS.admin });
    expect(asAdmin.headers.get('idempotent-replayed')).toBeNull();
    expect(asAdmin.body.events[0].eventId).not.toBe(asService.body.events[0].eventId);
  });

  it('lets exactly one of concurrent duplicates append; the others get its result', async () => {
    const length = await streamLength();
    const replies = await Promise.all(
      Array.from({ length: 8 }, () => server.command('LogInteraction', interaction, { headers: { 'Idempotency-Key': 'k-race' } })),
    );
    expect(replies.map((r) => r.status)).toEqual(Array(8).fill(200));
    expect(new Set(replies.map((r) => r.body.events[0].eventId)).size).toBe(1);
    expect(await streamLength()).toBe(length + 1);
  });

  it('generates the same ids for a create retried under one key', async () => {
    const lead = { source: 'web', contact: { name: 'Idem' } };
    const first = await server.command('CaptureLead', lead, { headers: { 'Idempotency-Key': 'k-create' } });
    const second = await server.command('CaptureLead', lead, { headers: { 'Idempotency-Key': 'k-create' } });
    expect(second.body.ids.leadId).toBe(first.body.ids.leadId);
  });

  it('survives a restart: the key still replays and still appends nothing', async () => {
    const first = await server.command('LogInteraction', interaction, { headers: { 'Idempotency-Key': 'k-restart' } });
    await server.restart();
    const length = await streamLength();
    const again = await server.command('LogInteraction', interaction, { headers: { 'Idempotency-Key': 'k-restart' } });
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(await streamLength()).toBe(length);
  });

  it('forgets keys older than CRM_IDEMPOTENCY_RETENTION_HOURS (24): a retry after that runs again (and its ids, derived from the key, keep it from a second effect)', async () => {
    await server.command('LogInteraction', interaction, { headers: { 'Idempotency-Key': 'k-old' } });
    const purge = server.app.get(IdempotencyPurge);
    expect(await purge.purge(Date.now() + 23 * 3_600_000)).toBe(0); // younger than the retention: kept
    expect((await server.command('LogInteraction', interaction, { headers: { 'Idempotency-Key': 'k-old' } })).headers.get('idempotent-replayed')).toBe('true');
    expect(await purge.purge(Date.now() + 25 * 3_600_000)).toBeGreaterThanOrEqual(1);
    const length = await streamLength();
    const late = await server.command('LogInteraction', interaction, { headers: { 'Idempotency-Key': 'k-old' } });
    expect(late.headers.get('idempotent-replayed')).toBeNull();
    expect(late.status).toBe(422);
    expect(late.body.detail).toMatch(/already/);
    expect(await streamLength()).toBe(length);
  });
});

describe('Idempotency-Key when the outcome could not be recorded (a crash after the append)', () => {
  it('answers a later retry with the original result from the log and appends nothing again', async () => {
    const { IdempotencyStore } = await import('@crm/read-store');
    const server = await TestServer.start({ CRM_IDEMPOTENCY_STALE_SECONDS: '1' });
    try {
      await server.command('RegisterCustomer', { customerId: 'c1', name: 'Acme' });
      const store = server.app.get(IdempotencyStore);
      const complete = store.complete.bind(store);
      store.complete = async () => {
        store.complete = complete;
        throw new Error('the process died before recording the outcome');
      };
      const body = { customerId: 'c1', orderId: 'o-1', lines: [{ productId: 'p', quantity: 1, unitPrice: 5 }] };
      const first = await server.command('RecordPurchase', body, { headers: { 'Idempotency-Key': 'k-lost' } });
      expect(first.status).toBe(500);
      const stored = await server.store.readStream('customer-c1');
      expect(stored.map((e) => e.type)).toEqual(['CustomerRegistered', 'PurchaseRecorded']);

      // The retry waits on the dead request's claim until it goes stale, then finds its events.
      const retry = await server.command('RecordPurchase', body, { headers: { 'Idempotency-Key': 'k-lost' } });
      expect(retry.status).toBe(200);
      expect(retry.headers.get('idempotent-replayed')).toBe('true');
      expect(retry.body).toEqual(expect.objectContaining({ streamId: 'customer-c1', version: 1, events: [{ eventId: stored[1].eventId, type: 'PurchaseRecorded', version: 1 }] }));
      expect(await server.store.readStream('customer-c1')).toHaveLength(2);
      const again = await server.command('RecordPurchase', body, { headers: { 'Idempotency-Key': 'k-lost' } });
      expect(again.body).toEqual(retry.body);
    } finally {
      await server.stop();
    }
  }, 30_000);
});
