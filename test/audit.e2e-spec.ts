import { openSqlite } from '@crm/event-store';
import { join } from 'node:path';
import { KEYS, TestServer } from './support/test-server';

describe('the audit log', () => {
  let server: TestServer;
  const auditor = { key: KEYS.auditor };
  const get = (path: string, key: string = KEYS.auditor) => server.send('GET', path, undefined, { key });

  beforeAll(async () => {
    server = await TestServer.start({ CRM_RATE_LIMIT_PER_SECOND: '0' });
    await server.mustCommand('CaptureLead', { leadId: 'l1', source: 'web', contact: { name: 'Ann' }, capturedAt: '2026-01-01T00:00:00Z' });
    await server.mustCommand('QualifyLead', { leadId: 'l1', customerId: 'c1', at: '2026-01-02T00:00:00Z' });
    await server.command('LogInteraction', { customerId: 'c1', channel: 'call', direction: 'inbound', kind: 'other', summary: 'hello', occurredAt: '2026-01-03T00:00:00Z' }, { headers: { 'X-Correlation-Id': 'trace-7' } });
    await server.mustCommand('OpenOpportunity', { opportunityId: 'op1', customerId: 'c1', title: 'Deal', openedAt: '2026-01-04T00:00:00Z' });
    await server.mustCommand('RegisterCustomer', { customerId: 'other', name: 'Other', registeredAt: '2026-01-05T00:00:00Z' });
    for (const id of ['t-data', 't-meta', 't-delete', 't-swap']) {
      await server.mustCommand('RegisterCustomer', { customerId: id, name: id, registeredAt: '2026-02-01T00:00:00Z' });
      for (let i = 0; i < 3; i++) await server.mustCommand('LogInteraction', { customerId: id, channel: 'email', direction: 'outbound', kind: 'other', summary: `note ${i}` });
    }
  });
  afterAll(() => server.stop());

  describe('roles', () => {
    it.each(['/audit/events?limit=1', '/audit/streams/customer-c1', '/audit/verify'])('%s is for auditors and admins only', async (path) => {
      expect((await get(path, KEYS.auditor)).status).toBe(200);
      expect((await get(path, KEYS.admin)).status).toBe(200);
      expect((await get(path, KEYS.service)).status).toBe(403);
      expect((await get(path, KEYS.analyst)).status).toBe(403);
      expect((await server.send('GET', path, undefined, { key: null })).status).toBe(401);
    });
  });

  it('lists events in global order with all metadata, page by page', async () => {
    const first = await get('/audit/events?limit=3');
    expect(first.body.items).toHaveLength(3);
    expect(first.body.items[0]).toEqual({
      eventId: expect.any(String), streamId: 'lead-l1', version: 0, position: '1', type: 'LeadCaptured', data: expect.objectContaining({ leadId: 'l1' }),
      occurredAt: '2026-01-01T00:00:00.000Z', recordedAt: expect.any(String), actor: 'test-service', commandType: 'CaptureLead', commandId: expect.any(String),
      correlationId: expect.any(String), causationId: expect.any(String), schemaVersion: 1, hash: expect.stringMatching(/^[0-9a-f]{64}$/), prevHash: '0'.repeat(64),
    });
    const second = await get(`/audit/events?limit=3&after=${first.body.nextCursor}`);
    const positions = [...first.body.items, ...second.body.items].map((e: { position: string }) => Number(e.position));
    expect(positions).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it.each([
    ['streamId=customer-c1', (e: Record<string, unknown>) => e.streamId === 'customer-c1'],
    ['type=InteractionLogged', (e: Record<string, unknown>) => e.type === 'InteractionLogged'],
    ['correlationId=trace-7', (e: Record<string, unknown>) => e.correlationId === 'trace-7'],
    ['actor=system:lead-to-customer', (e: Record<string, unknown>) => e.actor === 'system:lead-to-customer'],
    ['from=2026-01-02T00:00:00Z&to=2026-01-03T23:59:59Z', (e: Record<string, unknown>) => String(e.occurredAt) >= '2026-01-02' && String(e.occurredAt) < '2026-01-04'],
  ])('filters by %s', async (filter, expected) => {
    const all = (await get('/audit/events?limit=1000')).body.items as Record<string, unknown>[];
    const filtered = (await get(`/audit/events?limit=1000&${filter}`)).body.items;
    expect(filtered.length).toBeGreaterThan(0);
    expect(filtered).toEqual(all.filter(expected));
  });

  it('shows everything about one customer: its stream, its lead\'s and its opportunities\'', async () => {
    const events = (await get('/audit/events?limit=1000&customerId=c1')).body.items as { streamId: string; type: string }[];
    expect(events.map((e) => `${e.streamId}:${e.type}`)).toEqual([
      'lead-l1:LeadCaptured', 'lead-l1:LeadQualified', 'customer-c1:CustomerRegistered', 'customer-c1:InteractionLogged',
      'opportunity-op1:OpportunityOpened', 'customer-c1:OpportunityActivityRecorded',
    ]);
  });

  it('exports every event as NDJSON without a page limit', async () => {
    const reply = await server.send('GET', '/audit/events?limit=2', undefined, { ...auditor, headers: { accept: 'application/x-ndjson' } });
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
    const lines = reply.text.trim().split('\n').map((line) => JSON.parse(line));
    const head = Number(await server.store.headPosition());
    expect(lines.map((e) => Number(e.position))).toEqual(Array.from({ length: head }, (_, i) => i + 1));
  });

  it('reads one stream with all its versions, and 404 for an unknown one', async () => {
    const reply = await get('/audit/streams/customer-t-data');
    expect(reply.body.events.map((e: { version: number }) => e.version)).toEqual([0, 1, 2, 3]);
    expect((await get('/audit/streams/customer-nobody')).status).toBe(404);
  });

  it('verifies an untouched log, then names every hand edit by stream and version', async () => {
    const clean = (await get('/audit/verify')).body;
    expect(clean).toEqual({ ok: true, streams: expect.any(Number), events: Number(await server.store.headPosition()), broken: [] });

    const db = openSqlite(join(server.dataDir, 'crm.sqlite'));
    db.prepare("UPDATE events SET data = json_set(data, '$.summary', 'forged') WHERE stream_id = 'customer-t-data' AND version = 2").run();
    db.prepare("UPDATE events SET metadata = json_set(metadata, '$.actor', 'mallory') WHERE stream_id = 'customer-t-meta' AND version = 1").run();
    db.prepare("DELETE FROM events WHERE stream_id = 'customer-t-delete' AND version = 1").run();
    db.exec(`UPDATE events SET version = -1 WHERE stream_id = 'customer-t-swap' AND version = 1;
             UPDATE events SET version = 1 WHERE stream_id = 'customer-t-swap' AND version = 2;
             UPDATE events SET version = 2 WHERE stream_id = 'customer-t-swap' AND version = -1;`);
    db.close();

    const tampered = (await get('/audit/verify')).body;
    expect(tampered.ok).toBe(false);
    const at = (streamId: string) => tampered.broken.filter((b: { streamId: string }) => b.streamId === streamId);
    expect(at('customer-t-data')).toEqual([{ streamId: 'customer-t-data', version: 2, reason: expect.stringContaining('hash does not match') }]);
    expect(at('customer-t-meta')).toEqual([{ streamId: 'customer-t-meta', version: 1, reason: expect.stringContaining('hash does not match') }]);
    expect(at('customer-t-delete')[0]).toEqual({ streamId: 'customer-t-delete', version: 2, reason: expect.stringContaining('missing or out of order') });
    expect(at('customer-t-swap').map((b: { version: number }) => b.version)).toContain(1);
    expect(tampered.broken.every((b: { streamId: string }) => b.streamId.startsWith('customer-t-'))).toBe(true);

    expect((await get('/audit/verify?streamId=customer-c1')).body).toEqual({ ok: true, streams: 1, events: 3, broken: [] });
    expect((await get('/audit/verify?streamId=customer-t-data')).body.ok).toBe(false);
  });
});
