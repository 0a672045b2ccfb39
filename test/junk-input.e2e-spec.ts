import fc from 'fast-check';
import { KNOWN_COMMANDS } from '../apps/api/src/commands/unknown-command.controller';
import { KEYS, TestServer } from './support/test-server';

/** Nested `depth` arrays deep around a number: past any recursion limit of a validator. */
const nested = (depth: number): unknown => {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = [value];
  return value;
};

/** Numbers that broke a check once: exponent forms (1e-7 has no '.'), subnormals, beyond 2^63. */
const HOSTILE_NUMBERS = [1e-7, 5e-324, -5e-324, 1.5e-7, 1e-300, 1e21, 2 ** 63, 2 ** 64 + 1, -0];

/** Values of every JSON shape, including the hostile ones: huge, deep, prototype keys, odd numbers. */
const junkValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom(null, true, false, 0, -1, 1e308, -1e308, 2 ** 53 + 1, 0.1 + 0.2, '', ' ', 'c1', '2026-02-30', '__proto__', 'constructor', 'toString'),
    fc.constantFrom(...HOSTILE_NUMBERS),
    fc.constant(nested(3000)),
    fc.constantFrom('2199-01-01T00:00:00Z', '1899-12-31', '9999-12-31T23:59:59Z'),
    fc.string({ maxLength: 20 }),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.constant('x'.repeat(5000)),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.constantFrom('__proto__', 'constructor', 'customerId', 'lines', 'name', 'a'), tie('value'), { maxKeys: 4 }),
  ),
})).value;

/** Bodies that look like each command's but with any field replaced by junk. */
const FIELDS = ['leadId', 'customerId', 'opportunityId', 'orderId', 'source', 'contact', 'tags', 'name', 'channel', 'direction', 'kind',
  'summary', 'lines', 'amount', 'category', 'toStage', 'reason', 'value', 'title', 'customFields', 'satisfaction', 'occurredAt', 'at', 'asOf',
  'thresholdDays', 'score', 'expectedValue', 'unknownField', '__proto__', 'constructor'];

/** A valid-looking body of each command, so one hostile field at a time reaches the deep checks. */
const BASE: Record<string, Record<string, unknown>> = {
  CaptureLead: { source: 'web', contact: { name: 'N' } },
  TagLead: { leadId: 'l1', tags: ['a'] },
  QualifyLead: { leadId: 'l1', score: 50 },
  DisqualifyLead: { leadId: 'l1', reason: 'other' },
  RegisterCustomer: { name: 'N' },
  UpdateCustomerProfile: { customerId: 'c1', industry: 'x' },
  AssignOwner: { customerId: 'c1', ownerId: 'o' },
  LogInteraction: { customerId: 'c1', channel: 'call', direction: 'inbound', kind: 'other', summary: 's', satisfaction: { perceived: 5, expected: 5 } },
  RecordPurchase: { customerId: 'c1', orderId: 'o-junk', lines: [{ productId: 'p', quantity: 1, unitPrice: 1, unitCost: 1 }] },
  RecordPayment: { customerId: 'c1', orderId: 'o1', amount: 1 },
  RecordCost: { customerId: 'c1', category: 'other', amount: 1 },
  ForgetCustomer: { customerId: 'c-none', reason: 'r' },
  OpenOpportunity: { customerId: 'c1', title: 't', expectedValue: 1 },
  AdvanceStage: { opportunityId: 'op-none', toStage: 'proposal' },
  RecordQuote: { opportunityId: 'op-none', amount: 1 },
  WinOpportunity: { opportunityId: 'op-none', value: 1 },
  LoseOpportunity: { opportunityId: 'op-none', reason: 'r' },
  DetectDormancy: {},
};

/** Every number-valued path of a body (`lines[0].unitPrice`), to put a hostile number in each. */
function numberPaths(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (typeof value === 'number') return [path];
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, child]) => numberPaths(child, [...path, Array.isArray(value) ? Number(key) : key]));
}

function withValueAt(body: Record<string, unknown>, path: (string | number)[], replacement: unknown): Record<string, unknown> {
  const copy = structuredClone(body);
  let node: any = copy; // eslint-disable-line @typescript-eslint/no-explicit-any
  for (const key of path.slice(0, -1)) node = node[key];
  node[path[path.length - 1]] = replacement;
  return copy;
}
const junkBody = fc.oneof(
  fc.dictionary(fc.constantFrom(...FIELDS), junkValue, { maxKeys: 8 }),
  junkValue,
);

describe('junk input sweep', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await TestServer.start();
    await server.command('RegisterCustomer', { customerId: 'c1', name: 'Acme' });
    await server.command('CaptureLead', { leadId: 'l1', source: 'web', contact: { name: 'L' } });
  });
  afterAll(() => server.stop());

  it.each(KNOWN_COMMANDS)('%s never answers 5xx and never leaves a half-written state', async (command) => {
    const before = (await server.store.readAll({ limit: 100_000 })).length;
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(junkBody, async (body) => {
        const reply = await server.command(command, undefined, { raw: JSON.stringify(body) ?? 'null' });
        expect(reply.status).toBeLessThan(500);
        if (reply.status === 200) accepted += reply.body.events?.length ?? reply.body.streams?.length ?? 0;
        else expect(reply.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      }),
      { numRuns: 40, seed: 42 },
    );
    const after = (await server.store.readAll({ limit: 100_000 })).length;
    // Refusals append nothing: every stored event belongs to a command that answered 200
    // (inline reactions may add more, e.g. the customer activity of an opened opportunity).
    expect(after - before).toBeGreaterThanOrEqual(accepted);
    if (accepted === 0) expect(after).toBe(before);
  });

  it.each(KNOWN_COMMANDS)('%s refuses a hostile number in every number field and deep nesting anywhere with a 4xx problem', async (command) => {
    const before = (await server.store.readAll({ limit: 100_000 })).length;
    const base = BASE[command];
    expect(base).toBeDefined();
    const bodies = [
      ...numberPaths(base).flatMap((path) => HOSTILE_NUMBERS.filter((n) => n !== 0).map((n) => withValueAt(base, path, n))),
      { ...base, unknownField: nested(3000) },
      ...Object.keys(base).map((field) => ({ ...base, [field]: nested(3000) })),
    ];
    const answers = [];
    for (const body of bodies) {
      const reply = await server.command(command, undefined, { raw: JSON.stringify(body), headers: { authorization: `Bearer ${KEYS.admin}` } });
      answers.push({ body: JSON.stringify(body).slice(0, 120), status: reply.status, type: reply.headers.get('content-type') });
    }
    // Listed whole on failure, so the message names each body that was not a 4xx problem document.
    expect(answers.filter(({ status, type }) => status < 400 || status >= 500 || !/^application\/problem\+json/.test(type ?? ''))).toEqual([]);
    expect((await server.store.readAll({ limit: 100_000 })).length).toBe(before);
  });

  it('answers every query parameter of every GET endpoint, given junk, with a 2xx or a 4xx problem document', async () => {
    const document = (await server.send('GET', '/docs-json')).body as { paths: Record<string, Record<string, { parameters?: { name: string; in: string }[] }>> };
    const JUNK = ['', ' ', 'x'.repeat(5000), '-1', '1e-7', '5e-324', '0.5', (2n ** 63n).toString(), '9'.repeat(40), '99999999999999999999999999999999999999999', '__proto__', 'constructor',
      'toString', '2199-01-01T00:00:00Z', '1899-01-01', 'null', '[]', '{}', '%00', 'a,b'];
    const failures = [];
    let tried = 0;
    for (const [template, operations] of Object.entries(document.paths)) {
      const get = operations.get;
      if (!get) continue;
      const path = template.replace(/\{[^}]+\}/g, 'c1');
      const names = [...(get.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name), 'toString', 'constructor', '__proto__'];
      for (const name of names) {
        for (const junk of JUNK) {
          for (const accept of template === '/audit/events' ? ['application/json', 'application/x-ndjson'] : ['application/json']) {
            const query = `${encodeURIComponent(name)}=${encodeURIComponent(junk)}&timeoutMs=10`;
            const reply = await server.send('GET', `${path}?${query}`, undefined, { key: KEYS.admin, headers: { accept } });
            tried += 1;
            const problemDocument = /^application\/problem\+json/.test(reply.headers.get('content-type') ?? '');
            // 503 is the contract's answer to a minPosition the read models have not reached (nor may ever).
            const behind = reply.status === 503 && reply.body?.type === '/problems/projection-behind';
            if ((reply.status >= 500 && !behind) || (reply.status >= 400 && !problemDocument)) failures.push(`${accept} GET ${path}?${query.slice(0, 80)} → ${reply.status} ${reply.text.slice(0, 80)}`);
          }
        }
      }
    }
    expect(tried).toBeGreaterThan(500);
    expect(failures).toEqual([]);
  }, 180_000);

  it('survives raw garbage bytes and odd encodings', async () => {
    for (const raw of ['\u0000\u0001', '{"a":' + '['.repeat(5000), '{}'.repeat(1000), '1e99999', '{"name": "\u0000", "x": 1}']) {
      const reply = await server.command('RegisterCustomer', undefined, { raw });
      expect(reply.status).toBeGreaterThanOrEqual(400);
      expect(reply.status).toBeLessThan(500);
    }
  });

  it('answers a 10 MB body with 413, an empty body and a wrong content type with 4xx, and appends nothing', async () => {
    const before = (await server.store.readAll({ limit: 100_000 })).length;
    const huge = await server.command('LogInteraction', undefined, { raw: JSON.stringify({ customerId: 'c1', summary: 'x'.repeat(10 * 1024 * 1024) }) });
    expect(huge.status).toBe(413);
    expect(huge.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const answers = [];
    for (const [raw, contentType] of [['', 'application/json'], ['{"customerId":"c1"}', 'text/plain'], ['{"customerId":"c1"}', 'application/xml']]) {
      answers.push({ raw, contentType, status: (await server.command('LogInteraction', undefined, { raw, contentType })).status });
    }
    // Listed whole on failure, so the message names the body and content type that was not refused with a 4xx.
    expect(answers.filter(({ status }) => status < 400 || status >= 500)).toEqual([]);
    expect((await server.store.readAll({ limit: 100_000 })).length).toBe(before);
  });
});
