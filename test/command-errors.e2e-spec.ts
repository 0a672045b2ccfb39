import { KEYS, Reply, TestServer } from './support/test-server';

const expectProblem = (reply: Reply, status: number) => {
  expect({ status: reply.status, type: reply.headers.get('content-type') }).toEqual({ status, type: expect.stringMatching(/^application\/problem\+json/) });
  expect(reply.body).toEqual(expect.objectContaining({ type: expect.any(String), title: expect.any(String), status, detail: expect.any(String) }));
};

describe('command errors over HTTP', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await TestServer.start({ CRM_BODY_LIMIT: '16kb' });
    await server.command('RegisterCustomer', { customerId: 'c1', name: 'Acme' });
  });
  afterAll(() => server.stop());

  describe('400', () => {
    it('names every invalid field by its path, nested and in arrays', async () => {
      const reply = await server.command('RecordPurchase', {
        customerId: 'bad id!',
        orderId: 'o1',
        lines: [{ productId: 'p', quantity: 1, unitPrice: 1 }, { productId: 'p', quantity: -2, unitPrice: 'ten', extra: true }],
        occurredAt: 'yesterday',
      });
      expectProblem(reply, 400);
      const fields = reply.body.errors.map((e: { field: string }) => e.field);
      expect(fields).toEqual(expect.arrayContaining(['customerId', 'lines[1].quantity', 'lines[1].unitPrice', 'lines[1].extra', 'occurredAt']));
      expect(fields).not.toContain('lines[0].quantity');
      expect(await server.store.readStream('customer-c1')).toHaveLength(1);
    });

    it('rejects unknown fields instead of ignoring them', async () => {
      const reply = await server.command('AssignOwner', { customerId: 'c1', ownerId: 'r', role: 'admin' });
      expectProblem(reply, 400);
      expect(reply.body.errors).toEqual([{ field: 'role', message: 'is not a known field' }]);
    });

    it.each([
      ['a missing required field', 'CaptureLead', { source: 'web' }, 'contact'],
      ['a nested missing field', 'CaptureLead', { source: 'web', contact: {} }, 'contact.name'],
      ['an enum value outside the list', 'CaptureLead', { source: 'tv', contact: { name: 'A' } }, 'source'],
      ['an explicit null for an optional field', 'CaptureLead', { source: 'web', contact: { name: 'A' }, campaign: null }, 'campaign'],
      ['a satisfaction score over 10', 'LogInteraction', { customerId: 'c1', channel: 'call', direction: 'inbound', kind: 'survey', summary: 's', satisfaction: { perceived: 11, expected: 5 } }, 'satisfaction.perceived'],
      ['an empty purchase', 'RecordPurchase', { customerId: 'c1', orderId: 'o', lines: [] }, 'lines'],
      // A lone surrogate (JSON's \uD800) has no UTF-8 form: a sealed field would come back as U+FFFD.
      ['a name with a lone surrogate', 'RegisterCustomer', { name: 'x\uD800y' }, 'name'],
      ['a name of a zero-width space only', 'RegisterCustomer', { name: '\u200B \u2060' }, 'name'],
      ['a contact with a lone surrogate', 'CaptureLead', { source: 'web', contact: { name: 'n', email: 'e\uDC00' } }, 'contact.email'],
      ['a tag with a lone surrogate', 'TagLead', { leadId: 'l', tags: ['ok', 't\uD800'] }, 'tags'],
      ['a custom field with a lone surrogate', 'UpdateCustomerProfile', { customerId: 'c1', customFields: { k: '\uD800' } }, 'customFields'],
      ['a purchase line that is an array', 'RecordPurchase', { customerId: 'c1', orderId: 'o', lines: [[]] }, 'lines'],
      ['a purchase line that is a number', 'RecordPurchase', { customerId: 'c1', orderId: 'o', lines: [{ productId: 'p', quantity: 1, unitPrice: 1 }, 7] }, 'lines'],
      ['an impossible calendar date', 'RecordPayment', { customerId: 'c1', orderId: 'o', amount: 1, occurredAt: '2026-02-30' }, 'occurredAt'],
      ['a date-time without a zone', 'RecordPayment', { customerId: 'c1', orderId: 'o', amount: 1, occurredAt: '2026-02-03T10:00:00' }, 'occurredAt'],
      ['a zero payment', 'RecordPayment', { customerId: 'c1', orderId: 'o', amount: 0 }, 'amount'],
      ['a custom field that is nested', 'UpdateCustomerProfile', { customerId: 'c1', customFields: { a: { b: 1 } } }, 'customFields'],
      ['a custom field key like __proto__', 'UpdateCustomerProfile', { customerId: 'c1', customFields: JSON.parse('{"__proto__x": 1}') }, 'customFields'],
      ['a score outside 0-100', 'QualifyLead', { leadId: 'l', score: 101 }, 'score'],
      ['a stage that does not exist', 'AdvanceStage', { opportunityId: 'o', toStage: 'closing' }, 'toStage'],
      ['a threshold that is not whole', 'DetectDormancy', { thresholdDays: 1.5 }, 'thresholdDays'],
      ['too many tags', 'TagLead', { leadId: 'l', tags: Array.from({ length: 51 }, (_, i) => `t${i}`) }, 'tags'],
    ])('%s', async (_what, command, body, field) => {
      const reply = await server.command(command, body);
      expectProblem(reply, 400);
      expect(reply.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    });

    it('rejects malformed JSON', async () => {
      const reply = await server.command('CaptureLead', undefined, { raw: '{"source": "web",' });
      expectProblem(reply, 400);
      expect(reply.body.type).toBe('/problems/malformed-json');
    });

    it.each([['an array', '[]'], ['a string', '"x"'], ['null', 'null']])('rejects %s as body', async (_what, raw) => {
      expectProblem(await server.command('CaptureLead', undefined, { raw }), 400);
    });

    it('rejects a malformed If-Match or Idempotency-Key header', async () => {
      const body = { customerId: 'c1', ownerId: 'r' };
      expectProblem(await server.command('AssignOwner', body, { headers: { 'If-Match': 'abc' } }), 400);
      expectProblem(await server.command('AssignOwner', body, { headers: { 'Idempotency-Key': 'x'.repeat(300) } }), 400);
    });
  });

  describe('401 and 403', () => {
    it('401 without a key and with an unknown key', async () => {
      expectProblem(await server.command('AssignOwner', { customerId: 'c1', ownerId: 'r' }, { key: null }), 401);
      expectProblem(await server.command('AssignOwner', { customerId: 'c1', ownerId: 'r' }, { key: 'not-a-real-key' }), 401);
    });

    it.each([['analyst', KEYS.analyst], ['auditor', KEYS.auditor]])('403 for the %s role', async (_role, key) => {
      const reply = await server.command('AssignOwner', { customerId: 'c1', ownerId: 'r' }, { key });
      expectProblem(reply, 403);
    });

    it('admin may send commands', async () => {
      expect((await server.command('AssignOwner', { customerId: 'c1', ownerId: 'admin-set' }, { key: KEYS.admin })).status).toBe(200);
    });
  });

  describe('404', () => {
    it('for a command on a target that does not exist', async () => {
      const reply = await server.command('LogInteraction', { customerId: 'ghost', channel: 'call', direction: 'inbound', kind: 'other', summary: 's' });
      expectProblem(reply, 404);
      expect(reply.body).toEqual(expect.objectContaining({ aggregate: 'customer', id: 'ghost' }));
    });

    it('for an opportunity of a customer that does not exist', async () => {
      expectProblem(await server.command('OpenOpportunity', { opportunityId: 'op-x', customerId: 'ghost', title: 't' }), 404);
      expect(await server.store.readStream('opportunity-op-x')).toEqual([]);
    });

    it('for an unknown command', async () => {
      const reply = await server.command('DeleteEverything', {});
      expectProblem(reply, 404);
      expect(reply.body.commands).toContain('CaptureLead');
    });
  });

  describe('409', () => {
    it('when If-Match is not the current version, with expected and actual', async () => {
      const reply = await server.command('AssignOwner', { customerId: 'c1', ownerId: 'x' }, { headers: { 'If-Match': '7' } });
      expectProblem(reply, 409);
      expect(reply.body).toEqual(expect.objectContaining({ streamId: 'customer-c1', expected: 7, actual: expect.any(Number) }));
    });

    it('when a create targets an existing stream, saying that it already exists', async () => {
      const reply = await server.command('RegisterCustomer', { customerId: 'c1', name: 'Again' });
      expectProblem(reply, 409);
      expect(reply.body).toEqual(
        expect.objectContaining({ type: '/problems/already-exists', detail: "customer 'c1' already exists", expected: 'no-stream', actual: expect.any(Number) }),
      );
      await server.mustCommand('CaptureLead', { leadId: 'dup-lead', source: 'web', contact: { name: 'N' } });
      const lead = await server.command('CaptureLead', { leadId: 'dup-lead', source: 'web', contact: { name: 'N' } });
      expect(lead.status).toBe(409);
      expect(lead.body.detail).toBe("lead 'dup-lead' already exists");
    });
  });

  it('413 for a body over the limit, appending nothing', async () => {
    const reply = await server.command('RegisterCustomer', { customerId: 'big', name: 'x'.repeat(20 * 1024) });
    expectProblem(reply, 413);
    expect(await server.store.readStream('customer-big')).toEqual([]);
  });

  it('415 for a body that is not JSON', async () => {
    expectProblem(await server.command('CaptureLead', undefined, { raw: 'source=web', contentType: 'application/x-www-form-urlencoded' }), 415);
  });

  describe('422', () => {
    it('names the rule a command broke and appends nothing', async () => {
      await server.command('RecordPurchase', { customerId: 'c1', orderId: 'dup', lines: [{ productId: 'p', quantity: 1, unitPrice: 5 }] });
      const before = (await server.store.readStream('customer-c1')).length;
      const reply = await server.command('RecordPurchase', { customerId: 'c1', orderId: 'dup', lines: [{ productId: 'p', quantity: 1, unitPrice: 5 }] });
      expectProblem(reply, 422);
      expect(reply.body.rule).toBe('order-already-recorded');
      expect(await server.store.readStream('customer-c1')).toHaveLength(before);
    });

    it.each([
      ['payment-exceeds-outstanding', 'RecordPayment', { customerId: 'c1', orderId: 'dup', amount: 6 }],
      ['order-unknown', 'RecordPayment', { customerId: 'c1', orderId: 'nope', amount: 1 }],
    ])('%s', async (rule, command, body) => {
      const reply = await server.command(command, body);
      expectProblem(reply, 422);
      expect(reply.body.rule).toBe(rule);
    });

    it('for opportunity stage rules', async () => {
      const opened = await server.command('OpenOpportunity', { customerId: 'c1', title: 'Deal' });
      const opportunityId = opened.body.ids.opportunityId;
      const same = await server.command('AdvanceStage', { opportunityId, toStage: 'prospecting' });
      expect([same.status, same.body.rule]).toEqual([422, 'stage-unchanged']);
      await server.command('AdvanceStage', { opportunityId, toStage: 'proposal' });
      const back = await server.command('AdvanceStage', { opportunityId, toStage: 'qualification' });
      expect([back.status, back.body.rule]).toEqual([422, 'backward-move-needs-reason']);
      await server.command('WinOpportunity', { opportunityId, value: 10 });
      const closed = await server.command('LoseOpportunity', { opportunityId, reason: 'late' });
      expect([closed.status, closed.body.rule]).toEqual([422, 'opportunity-closed']);
    });
  });
});
