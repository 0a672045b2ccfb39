import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { everyFileOnDisk as filesOnDisk } from './support/files-on-disk';
import { cliAsync } from './support/run-entry';
import { KEYS, TestServer } from './support/test-server';

/** Customer A (forgotten) came from two leads; customer B (kept) registered directly. */
const A = {
  name: 'Ingrid Forgetme-7Q',
  email: 'ingrid.7q@forget.example',
  phone: '+49 30 7777 0101',
  newEmail: 'ingrid.new.7q@forget.example',
  newPhone: '+49 30 7777 0202',
  secondLeadName: 'Ingrid F. Second-7Q',
  secondLeadEmail: 'second.7q@forget.example',
};
const B = { name: 'Bruno Keepme-3K', email: 'bruno.3k@keep.example', phone: '+39 06 3333 0303' };
const PERSONAL_A = Object.values(A);
const T = (day: number) => new Date(Date.UTC(2015, 0, 1) + day * 86_400_000).toISOString(); // in the past: no business time from the future

const ADHOC = `module.exports = {
  name: 'contacts',
  initialState: () => ({}),
  handlers: {
    LeadCaptured(state, { data }) { state[data.leadId] = { name: data.contact.name, email: data.contact.email }; },
    CustomerRegistered(state, { data }) { state[data.customerId] = { name: data.name, email: data.email, phone: data.phone }; },
  },
};`;

describe('erasure by crypto-shredding (ForgetCustomer)', () => {
  let server: TestServer;
  const admin = { key: KEYS.admin };
  const read = async (path: string, key: string = KEYS.admin) => {
    const reply = await server.send('GET', path, undefined, { key });
    expect({ path, status: reply.status }).toEqual({ path, status: 200 });
    return reply.text;
  };
  /** Every answer of the API that can show customer A or its leads, as text. */
  const everyApiOutput = async () => {
    const wait = `minPosition=${server.lastPosition}&timeoutMs=20000`;
    const outputs = await Promise.all([
      read(`/customers/cA?${wait}`),
      read(`/customers/cA/timeline?limit=1000&${wait}`),
      read(`/customers/cA/lifecycle?${wait}`),
      read(`/customers/cA/value?${wait}`),
      read(`/customers?limit=1000&${wait}`),
      read(`/leads/lA1?${wait}`),
      read(`/leads/lA2?${wait}`),
      read(`/leads?limit=1000&${wait}`),
      read(`/opportunities?customerId=cA&${wait}`),
      read(`/customers/cA/state?asOf=${T(5)}`),
      read(`/customers/cA/state?asOf=${T(100)}`),
      read(`/leads/lA1/state?asOf=${T(100)}`),
      read(`/analytics/funnel?${wait}`),
      read(`/analytics/pareto?${wait}`),
      read(`/analytics/segments?by=region&${wait}`),
      read('/audit/events?limit=1000', KEYS.auditor),
      read('/audit/events?customerId=cA&limit=1000', KEYS.auditor),
      read('/audit/streams/customer-cA', KEYS.auditor),
      read('/audit/streams/lead-lA1', KEYS.auditor),
      read('/audit/streams/lead-lA2', KEYS.auditor),
      server.send('GET', '/audit/events', undefined, { key: KEYS.auditor, headers: { accept: 'application/x-ndjson' } }).then((reply) => reply.text),
    ]);
    return outputs.join('\n');
  };
  const everyCliOutput = async () => {
    const adhoc = join(mkdtempSync(join(tmpdir(), 'adhoc-')), 'contacts.js');
    writeFileSync(adhoc, ADHOC);
    const commands = [
      ['audit', 'export'],
      ['audit', 'stream', 'customer-cA'],
      ['audit', 'stream', 'lead-lA1'],
      ['state', 'customer', 'cA', '--as-of', T(100)],
      ['project', adhoc],
      ['project', adhoc, '--format', 'csv'],
    ];
    // Not spawnSync: the in-process server must keep answering (and closing idle connections) meanwhile.
    const runs = await Promise.all(commands.map(async (args) => ({ args, ...(await cliAsync(server.dataDir, ...args)) })));
    for (const run of runs) expect({ args: run.args, status: run.status, stderr: run.status === 0 ? '' : run.stderr.slice(-500) }).toEqual({ args: run.args, status: 0, stderr: '' });
    return runs.map((run) => run.stdout).join('\n');
  };
  /** Every byte the server keeps on disk: the event log, read models, idempotency records and keys (read out of process: see files-on-disk.ts). */
  const everyFileOnDisk = () => filesOnDisk(server.dataDir);

  beforeAll(async () => {
    server = await TestServer.start({ CRM_RATE_LIMIT_PER_SECOND: '0' });
    const send = (name: string, body: unknown) => server.mustCommand(name, body);
    await send('CaptureLead', { leadId: 'lA1', source: 'referral', contact: { name: A.name, email: A.email, phone: A.phone, company: 'Forgotten GmbH', region: 'north' }, capturedAt: T(0) });
    await send('QualifyLead', { leadId: 'lA1', customerId: 'cA', score: 70, at: T(1) });
    await send('CaptureLead', { leadId: 'lA2', source: 'web', contact: { name: A.secondLeadName, email: A.secondLeadEmail }, capturedAt: T(2) });
    await send('QualifyLead', { leadId: 'lA2', customerId: 'cA', at: T(3) });
    await send('UpdateCustomerProfile', { customerId: 'cA', email: A.newEmail, phone: A.newPhone, industry: 'retail' });
    await send('RecordPurchase', { customerId: 'cA', orderId: 'oA1', occurredAt: T(10), lines: [{ productId: 'p1', quantity: 3, unitPrice: 120.5, unitCost: 80 }] });
    await send('RecordPayment', { customerId: 'cA', orderId: 'oA1', amount: 100, occurredAt: T(12) });
    await send('RecordCost', { customerId: 'cA', category: 'support', amount: 15.25, occurredAt: T(13) });
    await send('LogInteraction', { customerId: 'cA', channel: 'call', direction: 'inbound', kind: 'complaint', summary: 'late delivery', occurredAt: T(14), satisfaction: { perceived: 4, expected: 8 } });
    await send('OpenOpportunity', { opportunityId: 'opA', customerId: 'cA', title: 'Renewal', expectedValue: 900, openedAt: T(20) });
    await send('WinOpportunity', { opportunityId: 'opA', value: 950, at: T(30) });
    await send('RegisterCustomer', { customerId: 'cB', name: B.name, email: B.email, phone: B.phone, region: 'south', registeredAt: T(0) });
    await send('RecordPurchase', { customerId: 'cB', orderId: 'oB1', occurredAt: T(40), lines: [{ productId: 'p2', quantity: 1, unitPrice: 50 }] });
  }, 60_000);
  afterAll(() => server.stop());

  it('never stores a personal value in the clear, and shows it to readers until the customer is forgotten', async () => {
    const disk = everyFileOnDisk();
    for (const value of [...PERSONAL_A, ...Object.values(B)]) expect(disk).not.toContain(value);
    const before = await everyApiOutput();
    for (const value of [A.name, A.newEmail, A.secondLeadName, B.name]) expect(before).toContain(value);
  });

  it('is admin only, and refuses an unknown customer', async () => {
    for (const key of [KEYS.service, KEYS.analyst, KEYS.auditor]) {
      expect((await server.command('ForgetCustomer', { customerId: 'cA', reason: 'request' }, { key })).status).toBe(403);
    }
    expect((await server.command('ForgetCustomer', { customerId: 'nobody', reason: 'request' }, admin)).status).toBe(404);
    const invalid = await server.command('ForgetCustomer', { customerId: 'cA' }, admin);
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors.length).toBeGreaterThan(0);
    expect(invalid.body.errors.map((error: { field: string }) => error.field)).toEqual(invalid.body.errors.map(() => 'reason'));
  });

  it('after ForgetCustomer no personal value of that customer appears in any API, CLI or rebuilt read-model output; the rest is intact', async () => {
    const wait = () => `minPosition=${server.lastPosition}&timeoutMs=20000`;
    const valueBefore = await server.send('GET', `/customers/cA/value?${wait()}`, undefined, admin);
    const paretoBefore = await server.send('GET', `/analytics/pareto?${wait()}`, undefined, admin);
    const bBefore = await server.send('GET', `/customers/cB?${wait()}`, undefined, admin);

    const forgotten = await server.command('ForgetCustomer', { customerId: 'cA', reason: 'erasure request #4711' }, admin);
    expect(forgotten.status).toBe(200);
    expect(forgotten.body.events).toEqual([expect.objectContaining({ type: 'CustomerForgotten' })]);
    server.lastPosition = forgotten.body.position;

    const check = async (when: string, withCli = false) => {
      const api = await everyApiOutput();
      // The CLI reads the log, not the read models: once is enough.
      const fromCli = withCli ? await everyCliOutput() : B.name;
      for (const value of PERSONAL_A) {
        expect({ when, where: 'api', found: api.includes(value) ? value : null }).toEqual({ when, where: 'api', found: null });
        expect({ when, where: 'cli', found: fromCli.includes(value) ? value : null }).toEqual({ when, where: 'cli', found: null });
      }
      // Other customers are untouched.
      for (const value of Object.values(B)) expect(api).toContain(value);
      expect(fromCli).toContain(B.name);

      const customer = (await server.send('GET', `/customers/cA?${wait()}`, undefined, admin)).body;
      expect(customer).toMatchObject({ name: '[erased]', email: '[erased]', phone: '[erased]', industry: 'retail', region: 'north', company: 'Forgotten GmbH', forgottenAt: expect.any(String) });
      const lead = (await server.send('GET', '/leads/lA2', undefined, admin)).body;
      expect(lead).toMatchObject({ name: '[erased]', email: '[erased]', status: 'qualified' });
      expect((await server.send('GET', `/customers/cB?${wait()}`, undefined, admin)).body).toEqual(bBefore.body);
      // Every non-personal figure is unchanged.
      expect((await server.send('GET', `/customers/cA/value?${wait()}`, undefined, admin)).body).toEqual(valueBefore.body);
      expect((await server.send('GET', `/analytics/pareto?${wait()}`, undefined, admin)).body).toEqual(paretoBefore.body);
      // The log keeps every event and its hash chains verify.
      const verify = await server.send('GET', '/audit/verify', undefined, { key: KEYS.auditor });
      expect(verify.body).toMatchObject({ ok: true, broken: [], events: Number(server.lastPosition) });
      if (withCli) expect(JSON.parse((await cliAsync(server.dataDir, 'audit', 'verify')).stdout)).toMatchObject({ ok: true });
    };
    await check('live read models', true);

    for (const projection of ['customers', 'leads', 'timeline', 'opportunities', 'segments']) {
      const job = (await server.send('POST', `/projections/${projection}/rebuild`, undefined, admin)).body.job;
      let status = '';
      for (let tries = 0; tries < 400 && status !== 'switched'; tries++) {
        status = (await server.send('GET', `/projections/${projection}/rebuilds/${job}`, undefined, admin)).body.status;
        if (status === 'failed') throw new Error(`rebuild of ${projection} failed`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      expect({ projection, status }).toEqual({ projection, status: 'switched' });
    }
    await check('rebuilt read models');
    await server.restart();
    await check('after a restart');
  }, 120_000);

  it('refuses a second forgetting and any new personal data for the forgotten customer', async () => {
    const again = await server.command('ForgetCustomer', { customerId: 'cA', reason: 'again' }, admin);
    expect(again.status).toBe(422);
    expect(again.body.rule).toBe('customer-already-forgotten');
    const rename = await server.command('UpdateCustomerProfile', { customerId: 'cA', name: A.name });
    expect(rename.status).toBe(422);
    expect(rename.body.rule).toBe('customer-forgotten');
    await server.mustCommand('CaptureLead', { leadId: 'lA3', source: 'web', contact: { name: 'Ingrid Third-7Q' } });
    const requalify = await server.command('QualifyLead', { leadId: 'lA3', customerId: 'cA' });
    expect(requalify.status).toBe(422);
    expect(requalify.body.rule).toBe('customer-forgotten');
    // Value keeps counting for a forgotten customer.
    const bought = await server.command('RecordPurchase', { customerId: 'cA', orderId: 'oA2', occurredAt: T(50), lines: [{ productId: 'p1', quantity: 1, unitPrice: 10 }] });
    expect(bought.status).toBe(200);
  });

  it('takes a forgotten customer\'s non-personal profile changes (industry, custom fields); only personal ones are refused', async () => {
    const update = await server.command('UpdateCustomerProfile', { customerId: 'cA', industry: 'logistics', customFields: { segment: 'smb' } });
    expect(update.status).toBe(200);
    const customer = await server.send('GET', `/customers/cA?minPosition=${update.body.position}`, undefined, admin);
    expect(customer.body).toEqual(expect.objectContaining({ industry: 'logistics', name: '[erased]', customFields: expect.objectContaining({ segment: 'smb' }) }));
    const mixed = await server.command('UpdateCustomerProfile', { customerId: 'cA', region: 'north', email: 'new@example.test' });
    expect(mixed.body.rule).toBe('customer-forgotten');
  });
});
