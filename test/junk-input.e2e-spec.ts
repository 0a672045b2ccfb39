import fc from 'fast-check';
import { KNOWN_COMMANDS } from '../apps/api/src/commands/unknown-command.controller';
import { TestServer } from './support/test-server';

/** Values of every JSON shape, including the hostile ones: huge, deep, prototype keys, odd numbers. */
const junkValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom(null, true, false, 0, -1, 1e308, -1e308, 2 ** 53 + 1, 0.1 + 0.2, '', ' ', 'c1', '2026-02-30', '__proto__', 'constructor'),
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
  'summary', 'lines', 'amount', 'category', 'toStage', 'reason', 'value', 'title', 'customFields', 'satisfaction', 'occurredAt', 'at', 'asOf', 'thresholdDays'];
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
