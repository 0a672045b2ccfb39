import { TestServer } from './support/test-server';

const T0 = '2026-01-05T09:00:00Z';
const typesOf = async (server: TestServer, streamId: string) => (await server.store.readStream(streamId)).map((e) => e.type);

describe('every command over HTTP', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await TestServer.start();
  });
  afterAll(() => server.stop());

  it('runs the whole funnel: lead → customer → interactions, money → opportunity won', async () => {
    const captured = await server.command('CaptureLead', {
      source: 'referral',
      campaign: 'spring-fair',
      contact: { name: 'Li Wei', company: 'Acme Ltd', email: 'li@acme.test', phone: '+86 10 5555', industry: 'retail', region: 'east' },
      tags: ['retail'],
      capturedAt: T0,
    });
    expect(captured.status).toBe(200);
    expect(captured.headers.get('content-type')).toMatch(/^application\/json/);
    const leadId = captured.body.ids.leadId;
    expect(leadId).toMatch(/^[0-9a-f-]{36}$/);
    expect(captured.body).toEqual({
      streamId: `lead-${leadId}`,
      version: 0,
      position: expect.stringMatching(/^\d+$/),
      events: [{ eventId: expect.any(String), type: 'LeadCaptured', version: 0 }],
      correlationId: captured.headers.get('x-correlation-id'),
      ids: { leadId },
    });

    expect((await server.command('TagLead', { leadId, tags: ['hot', 'retail'] })).body.events.map((e: { type: string }) => e.type)).toEqual(['LeadTagged']);

    const qualified = await server.command('QualifyLead', { leadId, customerId: 'cust-1', score: 85, note: 'budget ok', at: '2026-01-10T00:00:00Z' });
    expect(qualified.status).toBe(200);
    expect(qualified.body.ids).toEqual({ leadId, customerId: 'cust-1' });
    const [registered] = await server.store.readStream('customer-cust-1');
    expect(registered.type).toBe('CustomerRegistered');
    expect(registered.data).toEqual(expect.objectContaining({ name: 'Li Wei', source: 'referral', leadId, tags: ['retail', 'hot'] }));
    expect(registered.metadata.causationId).toBe(qualified.body.events[0].eventId);

    const ok = async (name: string, body: unknown) => {
      const reply = await server.command(name, body);
      expect({ name, status: reply.status, body: reply.body }).toEqual({ name, status: 200, body: expect.anything() });
      return reply.body;
    };
    await ok('UpdateCustomerProfile', { customerId: 'cust-1', region: 'north', customFields: { vip: true, seats: 40 } });
    await ok('AssignOwner', { customerId: 'cust-1', ownerId: 'rep-7' });
    const interaction = await ok('LogInteraction', {
      customerId: 'cust-1', channel: 'support', direction: 'inbound', kind: 'complaint', summary: 'late delivery',
      actor: 'eng-3', occurredAt: '2026-01-12T10:00:00+08:00', satisfaction: { perceived: 4, expected: 8 },
    });
    expect(interaction.ids.interactionId).toBeDefined();
    await ok('RecordPurchase', {
      customerId: 'cust-1', orderId: 'ord-1', occurredAt: '2026-01-15T00:00:00Z',
      lines: [{ productId: 'gtx-pro', quantity: 2, unitPrice: 4821, unitCost: 3000 }, { productId: 'mg-special', quantity: 1, unitPrice: 55 }],
    });
    await ok('RecordPayment', { customerId: 'cust-1', orderId: 'ord-1', amount: 5000, occurredAt: '2026-01-20T00:00:00Z' });
    await ok('RecordCost', { customerId: 'cust-1', category: 'delivery', amount: 120.5, note: 'express' });

    const opened = await ok('OpenOpportunity', { customerId: 'cust-1', title: 'Fleet upgrade', expectedValue: 20000, ownerId: 'rep-7', openedAt: '2026-02-01T00:00:00Z' });
    const opportunityId = opened.ids.opportunityId;
    await ok('AdvanceStage', { opportunityId, toStage: 'proposal', at: '2026-02-10T00:00:00Z' });
    await ok('AdvanceStage', { opportunityId, toStage: 'qualification', reason: 'scope changed', at: '2026-02-11T00:00:00Z' });
    await ok('RecordQuote', { opportunityId, amount: 19000, validUntil: '2026-03-31' });
    await ok('AdvanceStage', { opportunityId, toStage: 'negotiation', at: '2026-02-20T00:00:00Z' });
    const won = await ok('WinOpportunity', { opportunityId, value: 18500, at: '2026-03-01T00:00:00Z' });
    expect(won.version).toBe(5);

    const lost = await ok('OpenOpportunity', { customerId: 'cust-1', title: 'Support plan', openedAt: '2026-03-05T00:00:00Z' });
    await ok('LoseOpportunity', { opportunityId: lost.ids.opportunityId, reason: 'price', competitor: 'Rival Inc' });

    const purchase = (await server.store.readStream('customer-cust-1')).find((e) => e.type === 'PurchaseRecorded');
    expect(purchase?.data.total).toBe(9697);
    expect(purchase?.data).not.toHaveProperty('totalCost');
    const interactionEvent = (await server.store.readStream('customer-cust-1')).find((e) => e.type === 'InteractionLogged');
    expect(interactionEvent?.data.occurredAt).toBe('2026-01-12T02:00:00.000Z');
    expect(await typesOf(server, 'customer-cust-1')).toEqual([
      'CustomerRegistered', 'CustomerProfileUpdated', 'OwnerAssigned', 'InteractionLogged', 'PurchaseRecorded', 'PaymentRecorded',
      'CostRecorded', 'OpportunityActivityRecorded', 'OpportunityActivityRecorded', 'OpportunityActivityRecorded',
      'OpportunityActivityRecorded', 'OpportunityActivityRecorded', 'OpportunityActivityRecorded',
    ]);
  });

  it('disqualifies a lead with a reason and refuses to qualify it afterwards', async () => {
    const { body } = await server.command('CaptureLead', { leadId: 'junk-1', source: 'web', contact: { name: 'Spam Bot' } });
    expect(body.streamId).toBe('lead-junk-1');
    expect((await server.command('DisqualifyLead', { leadId: 'junk-1', reason: 'invalid', note: 'bot' })).status).toBe(200);
    const refused = await server.command('QualifyLead', { leadId: 'junk-1' });
    expect(refused.status).toBe(422);
    expect(refused.body.rule).toBe('lead-already-disqualified');
  });

  it('registers a customer directly and sweeps dormancy: once, then nothing new', async () => {
    const reg = await server.command('RegisterCustomer', {
      customerId: 'walk-in', name: 'Walk In', company: 'Corner Shop', size: '1-10', currency: 'EUR', registeredAt: '2020-01-01',
      customFields: { channel: 'store' },
    });
    expect(reg.status).toBe(200);
    await server.command('RecordPurchase', { customerId: 'walk-in', orderId: 'w1', occurredAt: '2020-01-02', lines: [{ productId: 'p', quantity: 1, unitPrice: 10 }] });

    const sweep = await server.command('DetectDormancy', { asOf: '2021-01-01T00:00:00Z', thresholdDays: 90 });
    expect(sweep.status).toBe(200);
    expect(sweep.body.streams).toEqual(
      expect.arrayContaining([expect.objectContaining({ streamId: 'customer-walk-in', events: [expect.objectContaining({ type: 'CustomerWentDormant' })] })]),
    );
    const again = await server.command('DetectDormancy', { asOf: '2021-01-01T00:00:00Z', thresholdDays: 90 });
    expect(again.body.streams).toEqual([]);
    const [, , dormant] = await server.store.readStream('customer-walk-in');
    expect(dormant.data).toEqual({ customerId: 'walk-in', since: '2020-04-01T00:00:00.000Z', lastActivityAt: '2020-01-02T00:00:00.000Z' });

    const back = await server.command('LogInteraction', { customerId: 'walk-in', channel: 'visit', direction: 'inbound', kind: 'follow-up', summary: 'came back', occurredAt: '2021-02-01T00:00:00Z' });
    expect(back.body.events.map((e: { type: string }) => e.type)).toEqual(['CustomerReawakened', 'InteractionLogged']);
  });

  it('keeps the caller\'s correlation id in the metadata of every event and echoes it', async () => {
    const reply = await server.command('CaptureLead', { source: 'seo', contact: { name: 'Ann' } }, { headers: { 'X-Correlation-Id': 'trace-42' } });
    expect(reply.headers.get('x-correlation-id')).toBe('trace-42');
    expect(reply.body.correlationId).toBe('trace-42');
    const [event] = await server.store.readStream(reply.body.streamId);
    expect(event.metadata).toEqual(expect.objectContaining({ correlationId: 'trace-42', actor: 'test-service', commandType: 'CaptureLead' }));
  });

  it('states: an ETag with the new version, and If-Match that matches is accepted', async () => {
    const reply = await server.command('RegisterCustomer', { customerId: 'etag-1', name: 'E' });
    expect(reply.headers.get('etag')).toBe('"0"');
    const next = await server.command('AssignOwner', { customerId: 'etag-1', ownerId: 'rep-1' }, { headers: { 'If-Match': '"0"' } });
    expect(next.status).toBe(200);
    expect(next.body.version).toBe(1);
  });

  it('state survives a restart: history reads back and versions continue', async () => {
    await server.command('RegisterCustomer', { customerId: 'durable', name: 'D' });
    await server.restart();
    const after = await server.command('AssignOwner', { customerId: 'durable', ownerId: 'rep-2' });
    expect(after.status).toBe(200);
    expect(after.body.version).toBe(1);
    expect(await typesOf(server, 'customer-durable')).toEqual(['CustomerRegistered', 'OwnerAssigned']);
  });

  it('serves the OpenAPI document with every command and its body schema', async () => {
    const docs = await server.send('GET', '/docs-json', undefined, { key: null });
    expect(docs.status).toBe(200);
    const paths = Object.keys(docs.body.paths);
    for (const name of ['CaptureLead', 'TagLead', 'QualifyLead', 'DisqualifyLead', 'RegisterCustomer', 'UpdateCustomerProfile', 'AssignOwner',
      'LogInteraction', 'RecordPurchase', 'RecordPayment', 'RecordCost', 'DetectDormancy', 'OpenOpportunity', 'AdvanceStage', 'RecordQuote',
      'WinOpportunity', 'LoseOpportunity']) {
      expect(paths).toContain(`/commands/${name}`);
    }
    const purchase = docs.body.components.schemas.RecordPurchaseDto;
    expect(purchase.required).toEqual(expect.arrayContaining(['customerId', 'orderId', 'lines']));
    expect(docs.body.components.schemas.PurchaseLineDto.properties.quantity).toEqual(expect.objectContaining({ type: 'number' }));
    expect(docs.body.components.schemas.CaptureLeadDto.properties.source.enum).toContain('referral');
  });

  it('answers /health without a key once ready', async () => {
    const health = await server.send('GET', '/health', undefined, { key: null });
    expect(health.status).toBe(200);
    expect(health.body.info.eventStore.status).toBe('up');
    expect(health.body.info.keyStore.status).toBe('up');
  });
});
