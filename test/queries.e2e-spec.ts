import { KEYS, TestServer } from './support/test-server';

describe('queries over HTTP', () => {
  let server: TestServer;
  let lastPosition: string;
  beforeAll(async () => {
    server = await TestServer.start();
    await server.command('CaptureLead', { leadId: 'l1', source: 'referral', contact: { name: 'Li Wei', region: 'east', industry: 'retail' }, tags: ['vip', 'retail'], capturedAt: '2026-01-01T00:00:00Z' });
    await server.command('CaptureLead', { leadId: 'l2', source: 'web', contact: { name: 'Bob' }, tags: ['retail'], capturedAt: '2026-01-02T00:00:00Z' });
    await server.command('DisqualifyLead', { leadId: 'l2', reason: 'no-budget' });
    await server.command('QualifyLead', { leadId: 'l1', customerId: 'c1', at: '2026-01-03T00:00:00Z' });
    await server.command('AssignOwner', { customerId: 'c1', ownerId: 'rep-1' });
    await server.command('LogInteraction', { customerId: 'c1', channel: 'call', direction: 'outbound', kind: 'follow-up', summary: 'intro', occurredAt: '2026-01-04T00:00:00Z' });
    const opened = await server.command('OpenOpportunity', { opportunityId: 'op1', customerId: 'c1', title: 'Deal', openedAt: '2026-01-05T00:00:00Z' });
    await server.command('AdvanceStage', { opportunityId: 'op1', toStage: 'proposal', at: '2026-01-06T00:00:00Z' });
    const won = await server.command('WinOpportunity', { opportunityId: 'op1', value: 900, at: '2026-01-07T00:00:00Z' });
    expect(opened.status).toBe(200);
    for (let i = 0; i < 7; i++) await server.command('RegisterCustomer', { customerId: `walk-${i}`, name: `W${i}`, region: i % 2 ? 'east' : 'west', registeredAt: '2026-02-01' });
    const last = await server.command('LogInteraction', { customerId: 'c1', channel: 'email', direction: 'inbound', kind: 'feedback', summary: 'thanks', occurredAt: '2026-01-08T00:00:00Z' });
    lastPosition = last.body.position;
    expect(won.status).toBe(200);
  });
  afterAll(() => server.stop());

  const get = (path: string, key: string = KEYS.service) => server.send('GET', path, undefined, { key });

  it('reads a customer after its writes with minPosition, and says which position it reflects', async () => {
    const reply = await get(`/customers/c1?minPosition=${lastPosition}`);
    expect(reply.status).toBe(200);
    expect(BigInt(reply.headers.get('x-projection-position') as string) >= BigInt(lastPosition)).toBe(true);
    expect(reply.body).toEqual(expect.objectContaining({ customerId: 'c1', name: 'Li Wei', ownerId: 'rep-1', source: 'referral', funnelStage: 'customer', activity: 'active' }));
  });

  it('answers the lifecycle with its history', async () => {
    const reply = await get(`/customers/c1/lifecycle?minPosition=${lastPosition}`);
    expect(reply.body.funnelStage).toBe('customer');
    expect(reply.body.lastActivityAt).toBe('2026-01-08T00:00:00.000Z');
    expect(reply.body.history.map((h: { funnelStage: string }) => h.funnelStage)).toEqual(['prospect', 'opportunity', 'customer']);
  });

  it('pages the timeline in business-time order, across its lead and opportunity streams, filtered by kinds', async () => {
    const first = await get(`/customers/c1/timeline?limit=4&minPosition=${lastPosition}`);
    const second = await get(`/customers/c1/timeline?limit=50&cursor=${first.body.nextCursor}`);
    const types = [...first.body.items, ...second.body.items].map((i: { type: string }) => i.type);
    // AssignOwner takes no business time, so it is dated when it was sent: today, after the rest.
    expect(types).toEqual([
      'LeadCaptured', 'LeadQualified', 'CustomerRegistered', 'InteractionLogged', 'OpportunityOpened', 'StageAdvanced', 'OpportunityWon', 'InteractionLogged', 'OwnerAssigned',
    ]);
    expect(second.body.nextCursor).toBeNull();
    expect(first.body.items[0]).toEqual(expect.objectContaining({ at: '2026-01-01T00:00:00.000Z', streamId: 'lead-l1', actor: 'test-service', summary: 'Lead captured from referral' }));
    const interactions = await get('/customers/c1/timeline?kinds=interaction');
    expect(interactions.body.items.map((i: { summary: string }) => i.summary)).toEqual(['Outbound call (follow-up): intro', 'Inbound email (feedback): thanks']);
  });

  it('lists customers by filters with cursors that neither repeat nor skip', async () => {
    const ids: string[] = [];
    let cursor = '';
    do {
      const page = await get(`/customers?region=east&limit=2${cursor ? `&cursor=${cursor}` : ''}&minPosition=${lastPosition}`);
      expect(page.status).toBe(200);
      ids.push(...page.body.items.map((c: { customerId: string }) => c.customerId));
      cursor = page.body.nextCursor ?? '';
    } while (cursor);
    expect(ids).toEqual(['c1', 'walk-1', 'walk-3', 'walk-5']);
    const customers = await get('/customers?funnelStage=customer');
    expect(customers.body.items.map((c: { customerId: string }) => c.customerId)).toEqual(['c1']);
  });

  it('lists and reads leads by status, source and tag', async () => {
    expect((await get(`/leads/l2?minPosition=${lastPosition}`)).body).toEqual(expect.objectContaining({ status: 'disqualified', disqualifyReason: 'no-budget' }));
    expect((await get('/leads?tag=retail')).body.items.map((l: { leadId: string }) => l.leadId).sort()).toEqual(['l1', 'l2']);
    expect((await get('/leads?tag=retail&status=qualified')).body.items.map((l: { leadId: string }) => l.leadId)).toEqual(['l1']);
    expect((await get('/leads?source=web')).body.items.map((l: { leadId: string }) => l.leadId)).toEqual(['l2']);
  });

  it('lists and reads opportunities', async () => {
    expect((await get(`/opportunities/op1?minPosition=${lastPosition}`)).body).toEqual(expect.objectContaining({ status: 'won', value: 900, stage: 'proposal' }));
    expect((await get('/opportunities?customerId=c1&status=won')).body.items).toHaveLength(1);
    expect((await get('/opportunities?status=open')).body.items).toHaveLength(0);
  });

  it('answers 404 for unknown ids, 400 for bad parameters and cursors, 403 for auditors', async () => {
    expect((await get('/customers/nobody')).status).toBe(404);
    expect((await get('/leads/nobody')).status).toBe(404);
    expect((await get('/opportunities/nobody')).status).toBe(404);
    const bad = await get('/customers?limit=5000&funnelStage=vip&colour=red');
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['colour', 'funnelStage', 'limit']);
    expect((await get('/customers?cursor=not-a-cursor')).body.errors).toEqual([{ field: 'cursor', message: expect.any(String) }]);
    expect((await get('/customers', KEYS.auditor)).status).toBe(403);
    expect((await get('/customers', KEYS.analyst)).status).toBe(200);
  });

  it('answers 503 when the projections do not reach minPosition in time', async () => {
    const reply = await get(`/customers/c1?minPosition=${BigInt(lastPosition) + 1000n}&timeoutMs=100`);
    expect(reply.status).toBe(503);
    expect(reply.body.type).toBe('/problems/projection-behind');
  });

  it('shows every projection live with its lag, to analysts only', async () => {
    await get(`/customers/c1/timeline?minPosition=${lastPosition}`);
    await get(`/leads?minPosition=${lastPosition}`);
    await get(`/opportunities?minPosition=${lastPosition}`);
    await get(`/customers/c1/value?minPosition=${lastPosition}`);
    await get(`/analytics/segments?by=region&minPosition=${lastPosition}`, KEYS.analyst);
    const reply = await get('/projections', KEYS.analyst);
    expect(reply.status).toBe(200);
    const items: { name: string; kind: string }[] = reply.body.items;
    expect(items.filter((p) => p.kind === 'projection').map((p) => p.name).sort()).toEqual(['customers', 'leads', 'opportunities', 'segments', 'store-clock', 'timeline']);
    // The reactors are processors of the same engine, listed beside them.
    expect(items.filter((p) => p.kind === 'reactor').map((p) => p.name).sort()).toEqual(['lead-to-customer', 'opportunity-activity']);
    for (const projection of items.filter((p) => p.kind === 'projection')) {
      expect(projection).toEqual(expect.objectContaining({ version: 1, status: 'live', position: expect.any(String), lag: { events: 0, ms: expect.any(Number) } }));
    }
    expect((await get('/projections', KEYS.service)).status).toBe(403);
  });

  it('exposes projection lag and command outcomes as Prometheus metrics, without a key', async () => {
    const reply = await server.send('GET', '/metrics', undefined, { key: null });
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(reply.text).toMatch(/crm_projection_lag_events\{projection="customers"\} 0/);
    expect(reply.text).toMatch(/crm_projection_status\{projection="timeline",status="live"\} 1/);
    expect(reply.text).toMatch(/crm_commands_total\{command="CaptureLead",status="200"\} 2/);
    expect(reply.text).toMatch(/process_cpu_user_seconds_total/);
  });

  it('rebuilds the same read models after a restart (kill and recover)', async () => {
    const before = (await get(`/customers/c1/timeline?limit=100&minPosition=${lastPosition}`)).body;
    await server.restart();
    const after = await get(`/customers/c1/timeline?limit=100&minPosition=${lastPosition}`);
    expect(after.body).toEqual(before);
  });
});
