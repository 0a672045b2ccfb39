import { connect } from 'node:net';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { KEYS, TestServer } from './support/test-server';

/** Places where the server once broke its contract quietly: each answer as api.md says. */
describe('contract edges', () => {
  let server: TestServer;
  const read = (path: string) => server.send('GET', `${path}${path.includes('?') ? '&' : '?'}minPosition=${server.lastPosition}`, undefined, { key: KEYS.analyst });

  beforeAll(async () => {
    server = await TestServer.start();
    await server.mustCommand('CaptureLead', { leadId: 'l1', source: 'web', contact: { name: 'L' } });
    await server.mustCommand('QualifyLead', { leadId: 'l1', customerId: 'c1' });
    await server.mustCommand('OpenOpportunity', { opportunityId: 'op1', customerId: 'c1', title: 'Deal' });
    await server.mustCommand('AdvanceStage', { opportunityId: 'op1', toStage: 'proposal' });
    await server.mustCommand('WinOpportunity', { opportunityId: 'op1', value: 10 });
  });
  afterAll(() => server.stop());

  it('answers leads and opportunities without the fields only their indexes need', async () => {
    const lead = await read('/leads/l1');
    expect(lead.body).toEqual(expect.objectContaining({ leadId: 'l1', status: 'qualified', capturedAt: expect.any(String), qualifiedAt: expect.any(String) }));
    const opportunity = await read('/opportunities/op1');
    expect(opportunity.body).toEqual(expect.objectContaining({ opportunityId: 'op1', status: 'won', stage: 'proposal', furthestStage: 'proposal' }));
    const lists = [(await read('/leads')).body.items[0], (await read('/opportunities')).body.items[0]];
    for (const answer of [lead.body, opportunity.body, ...lists]) {
      expect(Object.keys(answer).filter((key) => /Ms$/.test(key) || key === 'id')).toEqual([]);
    }
  });

  it('refuses reserved names as fields, custom field keys and query parameters with a 400 naming them', async () => {
    const cases: [string, string, string][] = [
      ['UpdateCustomerProfile', '{"customerId":"c1","customFields":{"toString":"a"}}', 'customFields.toString'],
      ['UpdateCustomerProfile', '{"customerId":"c1","customFields":{"constructor":"b","hasOwnProperty":1}}', 'customFields.constructor'],
      ['UpdateCustomerProfile', '{"customerId":"c1","__proto__":{"industry":"x"}}', '__proto__'],
      ['RegisterCustomer', '{"name":"N","constructor":{"x":1}}', 'constructor'],
    ];
    for (const [command, raw, field] of cases) {
      const reply = await server.command(command, undefined, { raw });
      expect({ raw, status: reply.status, fields: reply.body.errors?.map((e: { field: string }) => e.field) }).toEqual({ raw, status: 400, fields: [field] });
    }
    const query = await read('/customers?toString=1');
    expect(query.status).toBe(400);
    expect(query.body).toEqual(expect.objectContaining({ detail: 'The query parameters are not valid.', errors: [expect.objectContaining({ field: 'toString' })] }));
    // Ordinary custom fields still pass, and are kept.
    const ok = await server.mustCommand('UpdateCustomerProfile', { customerId: 'c1', customFields: { constructorName: 'x', toStringy: 1 } });
    expect((await read('/customers/c1')).body.customFields).toEqual({ constructorName: 'x', toStringy: 1 });
    expect(ok.status).toBe(200);
  });

  it('answers a URL the router cannot take, and bytes that are not HTTP, with problem documents', async () => {
    const badEncoding = await read('/customers/%E0%A4%A');
    expect([badEncoding.status, badEncoding.headers.get('content-type'), badEncoding.body.type]).toEqual([400, expect.stringMatching(/^application\/problem\+json/), '/problems/http-400']);
    const longId = await read(`/customers/${'a'.repeat(5000)}`);
    expect([longId.status, longId.body.type]).toEqual([414, '/problems/http-414']);
    expect(longId.body.detail.length).toBeLessThan(400); // the URL is not echoed whole
    const { hostname, port } = new URL(server.baseUrl);
    const answer = await new Promise<string>((resolve, reject) => {
      let received = '';
      const socket = connect(Number(port), hostname, () => socket.write('NOT HTTP AT ALL\r\n\r\n'));
      socket.on('data', (chunk) => (received += chunk.toString()));
      socket.on('close', () => resolve(received));
      socket.on('error', reject);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(answer).toMatch(/content-type: application\/problem\+json/i);
    expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toEqual(expect.objectContaining({ status: 400, type: '/problems/http-400' }));
  });

  it('takes a body compressed with gzip or br, or with a byte-order mark, and refuses another encoding, bytes that are not UTF-8 or a bomb past the limit', async () => {
    const post = (body: Buffer | string, headers: Record<string, string>) =>
      fetch(`${server.baseUrl}/commands/RegisterCustomer`, { method: 'POST', headers: { authorization: `Bearer ${KEYS.service}`, 'content-type': 'application/json', ...headers }, body });
    const json = (name: string) => JSON.stringify({ name });
    const typeOf = async (reply: Response) => ((await reply.json()) as { type: string }).type;
    expect((await post(gzipSync(json('Gz')), { 'content-encoding': 'gzip' })).status).toBe(200);
    expect((await post(brotliCompressSync(json('Br')), { 'content-encoding': 'br' })).status).toBe(200);
    expect((await post(`\uFEFF${json('Bom')}`, {})).status).toBe(200);
    const other = await post(json('X'), { 'content-encoding': 'compress' });
    expect([other.status, await typeOf(other)]).toEqual([415, '/problems/unsupported-media-type']);
    const corrupt = await post(Buffer.from('not gzip at all'), { 'content-encoding': 'gzip' });
    expect([corrupt.status, await typeOf(corrupt)]).toEqual([400, '/problems/bad-body']);
    // 1 KiB of gzip that inflates to 8 MiB: refused by its inflated size.
    const bomb = await post(gzipSync(`{"name":"${' '.repeat(8 * 1024 * 1024)}"}`), { 'content-encoding': 'gzip' });
    expect([bomb.status, await typeOf(bomb)]).toEqual([413, '/problems/body-too-large']);
    // Bytes that are not UTF-8: refused, not stored with U+FFFD in their place.
    const notUtf8 = await post(Buffer.concat([Buffer.from('{"name":"a'), Buffer.from([0xff, 0xfe]), Buffer.from('b"}')]), {});
    expect([notUtf8.status, await typeOf(notUtf8)]).toEqual([400, '/problems/malformed-json']);
    const unparsable = await post(json('Y'), { 'content-type': 'application/json, text/plain' });
    expect([unparsable.status, await typeOf(unparsable)]).toEqual([415, '/problems/unsupported-media-type']);
    expect((await server.send('GET', '/health/live', undefined, { key: null })).status).toBe(200);
  });

  it('says an invalid query parameter makes the query invalid, not the body', async () => {
    const reply = await read('/customers?limit=abc');
    expect(reply.status).toBe(400);
    expect(reply.body.detail).toBe('The query parameters are not valid.');
    expect(reply.body.errors.map((e: { field: string }) => e.field)).toContain('limit');
  });

  it('takes an invoice of 5,000 lines within the default 1 MiB body limit, and refuses 5,001', async () => {
    const lines = (n: number) => Array.from({ length: n }, (_, i) => ({ productId: `p-${i}`, quantity: 1, unitPrice: 1.25, unitCost: 1 }));
    const big = await server.command('RecordPurchase', { customerId: 'c1', orderId: 'big', lines: lines(5000) });
    expect(big.status).toBe(200);
    const value = await server.send('GET', `/customers/c1/value?minPosition=${big.body.position}`, undefined, { key: KEYS.analyst });
    expect(value.body.revenue).toBe(6250);
    const tooMany = await server.command('RecordPurchase', { customerId: 'c1', orderId: 'bigger', lines: lines(5001) });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.errors).toEqual([expect.objectContaining({ field: 'lines' })]);
  });

  it('keeps tied net values in one tier, the lower one at a boundary: all equal is all C, in /analytics/pareto and ?tier=', async () => {
    const tied = await TestServer.start();
    try {
      const pareto = async () => (await tied.send('GET', `/analytics/pareto?minPosition=${tied.lastPosition}`, undefined, { key: KEYS.analyst })).body;
      const tierIds = async (tier: string) =>
        (await tied.send('GET', `/customers?tier=${tier}&limit=100&minPosition=${tied.lastPosition}`, undefined, { key: KEYS.analyst })).body.items.map((c: { customerId: string }) => c.customerId).sort();
      for (let i = 0; i < 10; i++) await tied.mustCommand('RegisterCustomer', { customerId: `t${i}`, name: `T${i}` });
      // Ten customers at 0: nobody stands out.
      expect((await pareto()).tiers).toEqual({ A: expect.objectContaining({ customers: 0 }), B: expect.objectContaining({ customers: 0 }), C: expect.objectContaining({ customers: 10 }) });
      // Net values 10, 9, 9, 5, 4, 3, 2, 1, 1, 1: the 9s straddle A/B (A's quota is 2) and fall to B; the 1s straddle B/C and fall to C.
      const values = [10, 9, 9, 5, 4, 3, 2, 1, 1, 1];
      for (const [i, value] of values.entries()) {
        await tied.mustCommand('RecordPurchase', { customerId: `t${i}`, orderId: 'o', occurredAt: '2020-01-01', lines: [{ productId: 'p', quantity: 1, unitPrice: value }] });
      }
      const tiers = (await pareto()).tiers;
      expect([tiers.A.customers, tiers.B.customers, tiers.C.customers]).toEqual([1, 6, 3]);
      expect(await tierIds('A')).toEqual(['t0']);
      expect(await tierIds('C')).toEqual(['t7', 't8', 't9']);
      const value = await tied.send('GET', `/customers/t1/value?minPosition=${tied.lastPosition}`, undefined, { key: KEYS.analyst });
      expect(value.body.tier).toBe('B');
    } finally {
      await tied.stop();
    }
  }, 60_000);
});
