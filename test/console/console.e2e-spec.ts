/**
 * The web console in headless Chromium against a started server: sign-in with each role, what
 * each role is offered, and each page showing what the API answers. Screenshots of every page go
 * to test-output/console/ (git-ignored).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { openSqlite } from '@crm/event-store';
import { ServerProcess, startServerProcess } from '../support/entry-process';
import { API_KEYS_ENV, KEYS, sendRequest } from '../support/test-server';
import { funnelSteps } from '../../apps/console/src/charts/funnel-data';
import { formatInteger, formatMoney, formatPercent } from '../../apps/console/src/format';
import { chromiumInstalled, launchChromium } from './browser';

const ROOT = resolve(__dirname, '../..');

/** Polls an expression in the page until it holds (waitForFunction evaluates strings with eval, which the console's policy forbids). */
async function until(page: Page, expression: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await page.evaluate(expression))) {
    if (Date.now() > deadline) throw new Error(`still not true after ${timeoutMs} ms: ${expression}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
const SCREENSHOTS = join(ROOT, 'test-output/console');
const suite = chromiumInstalled() ? describe : describe.skip;

suite('the web console', () => {
  // A browser step on a machine busy with other suites can take seconds.
  jest.setTimeout(30_000);
  let dir: string;
  let server: ServerProcess;
  let browser: Browser;
  const api = (path: string, key: string = KEYS.admin) => sendRequest(server.baseUrl, 'GET', path, undefined, { key });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'crm-console-'));
    // The console as `npm start` builds it, into a folder of this test's own.
    const built = spawnSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', join(ROOT, 'apps/console/vite.config.mts'), '--outDir', join(dir, 'console')], { cwd: ROOT, encoding: 'utf8' });
    if (built.status !== 0) throw new Error(`the console's build failed:\n${built.stdout}${built.stderr}`);
    server = await startServerProcess({ CRM_DATA_DIR: join(dir, 'data'), CRM_API_KEYS: API_KEYS_ENV, CRM_CONSOLE_DIR: join(dir, 'console') });
    for (const [i, name] of ['Zhang Wei', 'Li Na', 'Wang Fang'].entries()) {
      // Wang Fang has been a customer since 2023: her history below is in the past.
      const since = i === 2 ? { registeredAt: '2023-12-01T00:00:00Z' } : {};
      const reply = await sendRequest(server.baseUrl, 'POST', '/commands/RegisterCustomer', { customerId: `console-c${i}`, name, company: `Company ${i}`, region: 'APAC', industry: i === 2 ? 'logistics' : 'retail', ...since });
      expect(reply.status).toBe(200);
    }
    // A lead through to a customer, an opportunity moved on, and purchases: figures for the funnel and the 20/80/30.
    const admin = (command: string, body: object) => sendRequest(server.baseUrl, 'POST', `/commands/${command}`, body, { key: KEYS.admin });
    for (const [command, body] of [
      ['CaptureLead', { leadId: 'console-l1', source: 'web', contact: { name: 'Chen Jie', company: 'Lead Co' } }],
      ['QualifyLead', { leadId: 'console-l1', customerId: 'console-c9' }],
      ['OpenOpportunity', { opportunityId: 'console-o1', customerId: 'console-c0', title: 'Renewal' }],
      ['AdvanceStage', { opportunityId: 'console-o1', toStage: 'qualification' }],
      ['RecordPurchase', { customerId: 'console-c0', orderId: 'console-p1', lines: [{ productId: 'p1', quantity: 3, unitPrice: 400, unitCost: 150 }] }],
      ['RecordPurchase', { customerId: 'console-c1', orderId: 'console-p2', lines: [{ productId: 'p2', quantity: 1, unitPrice: 90, unitCost: 60 }] }],
      // Wang Fang buys, goes quiet for months and comes back: a lifecycle through dormant and reawakened.
      ['RecordPurchase', { customerId: 'console-c2', orderId: 'console-p3', occurredAt: '2024-01-10T10:00:00Z', lines: [{ productId: 'p1', quantity: 1, unitPrice: 250, unitCost: 100 }] }],
      ['LogInteraction', { customerId: 'console-c2', channel: 'call', direction: 'inbound', kind: 'feedback', summary: 'Back after the summer', occurredAt: '2024-08-01T09:00:00Z', satisfaction: { perceived: 4, expected: 3 } }],
      ['RecordPayment', { customerId: 'console-c2', orderId: 'console-p3', amount: 100, occurredAt: '2024-08-02T09:00:00Z' }],
    ] as const) expect((await admin(command, body)).status).toBe(200);
    const head = (await api('/audit/events?limit=1000')).body.items.at(-1).position;
    expect((await api(`/analytics/pareto?minPosition=${head}`)).status).toBe(200);
    expect((await api(`/customers?limit=50&minPosition=${head}`)).status).toBe(200);
    browser = await launchChromium();
    mkdirSync(SCREENSHOTS, { recursive: true });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    server?.child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  async function signIn(key: string): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${server.baseUrl}/console/`);
    await page.getByLabel('API key').fill(key);
    await page.getByRole('button', { name: 'Sign in' }).click();
    return page;
  }

  const navigation = async (page: Page) => {
    await page.getByRole('navigation', { name: 'Pages', exact: true }).waitFor();
    return page.getByRole('navigation', { name: 'Pages', exact: true }).getByRole('link').allTextContents();
  };

  it.each([
    ['service', KEYS.service, ['Customers']],
    ['analyst', KEYS.analyst, ['Customers', 'Funnel', '20/80/30', 'Segments', 'Projections']],
    ['auditor', KEYS.auditor, ['Audit']],
    ['admin', KEYS.admin, ['Customers', 'Funnel', '20/80/30', 'Segments', 'Projections', 'Audit']],
  ])('offers the %s key only the pages its role may open', async (_role, key, pages) => {
    const page = await signIn(key);
    expect(await navigation(page)).toEqual(pages);
    // The key is kept in the tab, never in the address.
    expect(page.url()).not.toContain(key);
    expect(await page.evaluate('Object.values(sessionStorage)')).toContain(key);
    await page.close();
  });

  it('asks the API once per page at sign-in, names the shown page in the title and moves the focus to its heading', async () => {
    const page = await browser.newPage();
    const asked: string[] = [];
    page.on('request', (sent) => {
      const url = new URL(sent.url());
      asked.push(url.pathname + url.search);
    });
    await page.goto(`${server.baseUrl}/console/`);
    await page.getByLabel('API key').fill(KEYS.admin);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation', { name: 'Pages', exact: true }).waitFor();
    await page.locator('tr[data-customer]').first().waitFor();
    const probes = ['/customers?limit=1', '/analytics/funnel', '/analytics/pareto', '/analytics/segments?by=industry', '/projections', '/audit/events?limit=1'];
    expect(asked.filter((path) => probes.includes(path)).sort()).toEqual([...probes].sort());
    expect(await page.title()).toBe('Customers · CRM console');

    await page.getByRole('navigation', { name: 'Pages', exact: true }).getByRole('link', { name: 'Funnel' }).click();
    await until(page, `document.title === 'Funnel · CRM console'`);
    await until(page, `document.activeElement?.tagName === 'H1'`);
    expect(await page.evaluate('document.activeElement.textContent')).toMatch(/Funnel/);
    await page.close();
  });

  it('explains a key the server does not know, and stays on the sign-in page', async () => {
    const page = await signIn('not-a-key');
    await expect(page.getByRole('alert').textContent()).resolves.toMatch(/API key is not known/);
    expect(await page.getByRole('navigation', { name: 'Pages', exact: true }).count()).toBe(0);
    await page.close();
  });

  it('shows the customers GET /customers answers, and screenshots the page', async () => {
    const page = await signIn(KEYS.analyst);
    await page.goto(`${server.baseUrl}/console/#/customers`);
    await page.locator('tr[data-customer]').first().waitFor();
    const shown = await page.locator('tr[data-customer]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-customer')));
    const answered = (await api('/customers?limit=50', KEYS.analyst)).body.items.map((item: { customerId: string }) => item.customerId);
    expect(shown).toEqual(answered);
    expect(await page.locator('tr[data-customer="console-c1"] td').first().textContent()).toBe('Li Na');
    await page.screenshot({ path: join(SCREENSHOTS, 'customers.png'), fullPage: true });
    await page.close();
  });

  it('filters the customers as GET /customers does, by a choice at once and by typed fields on Apply', async () => {
    const page = await signIn(KEYS.analyst);
    await page.locator('tr[data-customer]').first().waitFor();
    const shown = () => page.locator('tr[data-customer]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-customer')));
    const answered = async (query: string) => (await api(`/customers?limit=50&${query}`, KEYS.analyst)).body.items.map((item: { customerId: string }) => item.customerId);

    const customers = await answered('funnelStage=customer');
    expect(customers.length).toBeGreaterThan(0);
    expect(customers.length).toBeLessThan((await answered('')).length);
    await page.getByLabel('Funnel stage').selectOption('customer');
    await until(page, `document.querySelectorAll('tr[data-customer]').length === ${customers.length}`);
    expect(await shown()).toEqual(customers);

    await page.getByLabel('Funnel stage').selectOption('');
    await page.getByLabel('Region').fill('APAC');
    await page.getByRole('button', { name: 'Apply' }).click();
    const apac = await answered('region=APAC');
    await until(page, `document.querySelectorAll('tr[data-customer]').length === ${apac.length}`);
    expect(await shown()).toEqual(apac);

    await page.getByLabel('Region').fill('Atlantis');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect(page.getByText('Nothing here yet.').textContent()).resolves.toBeTruthy();
    await page.close();
  });

  it("shows a customer's 360° page with what each endpoint answers: profile, lifecycle, value, timeline, opportunities, and the customer as of a past day", async () => {
    const page = await signIn(KEYS.analyst);
    await page.getByRole('link', { name: 'Wang Fang' }).click();
    await page.locator('[data-part="value"]').waitFor();
    expect(page.url()).toContain('#/customers/console-c2');
    expect(await page.locator('h1').textContent()).toBe('Wang Fang');
    expect(await page.locator('[data-part="profile"] [data-field="company"] dd').textContent()).toBe('Company 2');

    await page.locator('table[aria-label="Lifecycle history"] tbody tr').first().waitFor();
    const lifecycle = (await api('/customers/console-c2/lifecycle', KEYS.analyst)).body;
    expect(lifecycle.history.map((change: { activity: string }) => change.activity)).toEqual(expect.arrayContaining(['dormant', 'reawakened']));
    const changes = await page.locator('table[aria-label="Lifecycle history"] tbody tr').evaluateAll((rows) => rows.map((row) => [row.querySelectorAll('td')[2].textContent, row.querySelectorAll('td')[3].textContent]));
    expect(changes).toEqual(lifecycle.history.map((change: { activity: string; eventType: string }) => [change.activity, change.eventType]));
    expect(await page.locator('[data-part="lifecycle"] [data-field="activity"] dd').textContent()).toBe(lifecycle.activity);
    await expect(page.getByRole('img', { name: /funnel stage over time/ }).getAttribute('aria-label')).resolves.toContain('dormant from');

    const value = (await api('/customers/console-c2/value', KEYS.analyst)).body;
    for (const figure of ['netValue', 'revenue', 'outstanding'] as const) expect({ figure, shown: await page.locator(`[data-figure="${figure}"]`).textContent() }).toEqual({ figure, shown: formatMoney(value[figure]) });
    expect(await page.locator('[data-figure="tier"]').textContent()).toBe(value.tier);
    expect(await page.locator('[data-figure="rfm"]').textContent()).toBe(value.rfm.score);

    const timeline = async (query: string) => (await api(`/customers/console-c2/timeline?limit=20${query}`, KEYS.analyst)).body.items.map((item: { position: string }) => item.position);
    const items = () => page.locator('tr[data-timeline]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-timeline')));
    await page.locator('tr[data-timeline]').first().waitFor();
    expect(await items()).toEqual(await timeline(''));
    const purchases = await timeline('&kinds=purchase');
    expect(purchases.length).toBe(1);
    await page.getByRole('checkbox', { name: 'purchase' }).check();
    await until(page, `document.querySelectorAll('tr[data-timeline]').length === ${purchases.length}`);
    expect(await items()).toEqual(purchases);

    expect((await api('/opportunities?customerId=console-c2', KEYS.analyst)).body.items).toEqual([]);
    await page.locator('section[aria-labelledby="opportunities-title"] .empty').waitFor(); // Wang Fang has none

    await page.getByLabel('Date (end of the day, UTC)').fill('2024-03-01');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.locator('[data-part="state"]').waitFor();
    const state = (await api('/customers/console-c2/state?asOf=2024-03-01T23:59:59.999Z', KEYS.analyst)).body;
    expect(await page.locator('[data-part="state-position"]').textContent()).toContain(`at position ${state.position}`);
    const fields = await page.locator('[data-part="state"] > div').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-field')));
    expect(fields).toEqual(Object.keys(state.state));
    await page.screenshot({ path: join(SCREENSHOTS, 'customer.png'), fullPage: true });
    await page.evaluate('window.scrollTo(0, 0)');
    await page.screenshot({ path: join(SCREENSHOTS, 'customer-top.png') }); // the README's (docs/console-customer.png)

    // Another customer's page, reached by its address: its opportunities are listed.
    const opportunities = (await api('/opportunities?customerId=console-c0', KEYS.analyst)).body.items.map((o: { opportunityId: string }) => o.opportunityId);
    expect(opportunities).toEqual(['console-o1']);
    await page.goto(`${server.baseUrl}/console/#/customers/console-c0`);
    await page.locator('tr[data-opportunity]').first().waitFor();
    expect(await page.locator('tr[data-opportunity]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-opportunity')))).toEqual(opportunities);
    // A customer who has not bought yet (qualified from a lead): no RFM, and the page still shows.
    expect((await api('/customers/console-c9/value', KEYS.analyst)).body.rfm).toBeNull();
    await page.goto(`${server.baseUrl}/console/#/customers/console-c9`);
    await page.locator('[data-part="value"]').waitFor();
    expect(await page.locator('[data-figure="rfm"]').textContent()).toBe('—');
    expect(await page.locator('[data-part="profile"] [data-field="source"] dd').textContent()).toBe('web');
    // And one that does not exist says so.
    await page.goto(`${server.baseUrl}/console/#/customers/nobody-here`);
    await expect(page.getByRole('alert').textContent()).resolves.toMatch(/Not found/);
    await page.close();
  });

  it('draws the funnel GET /analytics/funnel answers, for every source and for one, and screenshots the page', async () => {
    const page = await signIn(KEYS.analyst);
    await page.goto(`${server.baseUrl}/console/#/funnel`);
    await page.locator('tr[data-step]').first().waitFor();
    const steps = () => page.locator('tr[data-step]').evaluateAll((rows) => rows.map((row) => Array.from(row.querySelectorAll('td'), (cell: { textContent: string | null }) => cell.textContent)));
    const expected = (answer: Parameters<typeof funnelSteps>[0]) => funnelSteps(answer).map(({ label, count }) => [label, formatInteger(count)]);
    const all = (await api('/analytics/funnel', KEYS.analyst)).body;
    expect(all.leads.captured).toBe(1);
    expect(await steps()).toEqual(expected(all));
    expect(await page.locator('tr[data-conversion]').count()).toBe(all.conversion.length);
    await expect(page.getByRole('img', { name: /The funnel/ }).count()).resolves.toBe(1);
    await page.screenshot({ path: join(SCREENSHOTS, 'funnel.png'), fullPage: true });

    await page.getByLabel('Source').selectOption('referral');
    const referral = (await api('/analytics/funnel?source=referral', KEYS.analyst)).body;
    expect(referral.leads.captured).toBe(0);
    await until(page, `document.querySelector('tr[data-step="Leads captured"] td.number')?.textContent === '0'`);
    expect(await steps()).toEqual(expected(referral));
    await page.close();
  });

  it('shows the 20/80/30 figures GET /analytics/pareto answers, with the curve, and screenshots the page', async () => {
    const page = await signIn(KEYS.analyst);
    await page.goto(`${server.baseUrl}/console/#/pareto`);
    await page.locator('tr[data-tier]').first().waitFor();
    const answer = (await api('/analytics/pareto', KEYS.analyst)).body;
    expect(answer.customers).toBe(4);
    expect(await page.locator('[data-figure="top20Share"]').textContent()).toBe(formatPercent(answer.top20Share));
    const tiers = await page.locator('tr[data-tier]').evaluateAll((rows) => rows.map((row) => [row.getAttribute('data-tier'), row.querySelectorAll('td')[1].textContent]));
    expect(tiers).toEqual(['A', 'B', 'C'].map((tier) => [tier, formatInteger(answer.tiers[tier].customers)]));
    await expect(page.getByRole('img', { name: /Pareto curve/ }).count()).resolves.toBe(1);
    await page.screenshot({ path: join(SCREENSHOTS, 'pareto.png'), fullPage: true });
    await page.close();
  });

  it('draws the segments GET /analytics/segments answers, by each dimension chosen, and screenshots the page', async () => {
    const page = await signIn(KEYS.analyst);
    await page.goto(`${server.baseUrl}/console/#/segments`);
    const rows = () => page.locator('tr[data-segment]').evaluateAll((found) => found.map((row) => [row.getAttribute('data-segment'), row.querySelectorAll('td')[2].textContent]));
    const answered = async (by: string) => (await api(`/analytics/segments?by=${by}`, KEYS.analyst)).body.items.map((item: { key: string; revenue: number }) => [item.key, formatMoney(item.revenue)]);
    await page.locator('tr[data-segment]').first().waitFor();
    expect(await rows()).toEqual(await answered('industry'));
    const products = await answered('productId');
    expect(products).toEqual([['p1', formatMoney(1450)], ['p2', formatMoney(90)]]);
    await page.getByRole('combobox', { name: /^By/ }).selectOption('productId');
    await until(page, `document.querySelector('tr[data-segment]')?.getAttribute('data-segment') === 'p1'`);
    expect(await rows()).toEqual(products);
    await expect(page.getByRole('img', { name: /Revenue and gross margin by product/ }).count()).resolves.toBe(1);
    await page.screenshot({ path: join(SCREENSHOTS, 'segments.png'), fullPage: true });
    await page.close();
  });

  it('shows every projection and processor GET /projections lists, with its status, and screenshots the page', async () => {
    const page = await signIn(KEYS.analyst);
    await page.goto(`${server.baseUrl}/console/#/projections`);
    await page.locator('tr[data-projection]').first().waitFor();
    const answered = (await api('/projections', KEYS.analyst)).body.items as { name: string; status: string }[];
    const shown = await page.locator('tr[data-projection]').evaluateAll((rows) => rows.map((row) => [row.getAttribute('data-projection'), row.querySelector('.status')?.textContent]));
    expect(shown).toEqual(answered.map(({ name, status }) => [name, status]));
    await page.screenshot({ path: join(SCREENSHOTS, 'projections.png'), fullPage: true });
    await page.close();
  });

  it('rebuilds a projection from its row, following the job to switched, and shows the new generation', async () => {
    const page = await signIn(KEYS.analyst);
    await page.goto(`${server.baseUrl}/console/#/projections`);
    const [asked] = await Promise.all([page.waitForResponse((response) => response.url().endsWith('/projections/timeline/rebuild')), page.getByRole('button', { name: 'Rebuild timeline' }).click()]);
    const job = (await asked.json()) as { job: string; generation: number };
    await page.locator('[data-rebuild="timeline"] [data-job-status="switched"]').waitFor({ timeout: 30_000 });
    expect((await api(`/projections/timeline/rebuilds/${job.job}`, KEYS.analyst)).body).toEqual(expect.objectContaining({ status: 'switched', generation: job.generation }));
    expect(await page.locator('[data-rebuild="timeline"] [role="status"]').textContent()).toContain(`switched to generation ${job.generation}`);
    expect(await page.locator('[data-rebuild="timeline"] progress').evaluate((bar) => (bar as unknown as { value: number }).value)).toBe(1);
    // The list, asked again when the job ended, shows the generation readers now use.
    await until(page, `document.querySelector('tr[data-projection="timeline"] [data-generation]')?.textContent === '${job.generation}'`);
    // Reactors are not rebuilt: they have no button.
    const reactor = ((await api('/projections', KEYS.analyst)).body.items as { name: string; kind: string }[]).find((p) => p.kind === 'reactor');
    expect(await page.locator(`tr[data-projection="${reactor?.name}"] button`).count()).toBe(0);
    await page.close();
  });

  it('shows the log GET /audit/events answers to the auditor, and screenshots the page', async () => {
    const page = await signIn(KEYS.auditor);
    await page.locator('tr[data-event]').first().waitFor();
    const shown = await page.locator('tr[data-event]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-event')));
    const answered = (await api('/audit/events?limit=50', KEYS.auditor)).body.items.map((event: { eventId: string }) => event.eventId);
    expect(shown).toEqual(answered);
    await page.screenshot({ path: join(SCREENSHOTS, 'audit.png'), fullPage: true });
    await page.close();
  });

  it('filters the log as GET /audit/events does, shows one event in its hash chain, and exports the selection as the API streams it', async () => {
    const page = await signIn(KEYS.auditor);
    await page.locator('tr[data-event]').first().waitFor();
    const shown = () => page.locator('tr[data-event]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-event')));
    const registered = (await api('/audit/events?limit=50&type=CustomerRegistered', KEYS.auditor)).body.items.map((event: { eventId: string }) => event.eventId);
    expect(registered.length).toBe(4);
    await page.getByLabel('Event type').fill('CustomerRegistered');
    await page.getByRole('button', { name: 'Apply' }).click();
    await until(page, `document.querySelectorAll('tr[data-event]').length === ${registered.length}`);
    expect(await shown()).toEqual(registered);

    // The selection, exported: byte for byte what the API streams.
    const [saved] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export these events (NDJSON)' }).click()]);
    expect(saved.suggestedFilename()).toBe('crm-audit-events.ndjson');
    const exported = await fetch(`${server.baseUrl}/audit/events?type=CustomerRegistered`, { headers: { authorization: `Bearer ${KEYS.auditor}`, accept: 'application/x-ndjson' } }).then((r) => r.text());
    expect(readFileSync(await saved.path(), 'utf8')).toBe(exported);
    expect(exported.trim().split('\n').length).toBe(registered.length);

    // A filter the API refuses is explained, not shown as an empty log.
    await page.getByLabel('From (business time)').fill('not a time');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toMatch(/400/);
    await page.getByLabel('From (business time)').fill('');

    // One event: its metadata, and the links of its stream's chain, followed both ways.
    await page.getByLabel('Stream').fill('customer-console-c2');
    await page.getByLabel('Event type').fill('');
    await page.getByRole('button', { name: 'Apply' }).click();
    const stream = (await api('/audit/streams/customer-console-c2', KEYS.auditor)).body.events as { eventId: string; version: number; hash: string; prevHash: string | null }[];
    await until(page, `document.querySelectorAll('tr[data-event]').length === ${stream.length}`);
    await page.locator(`tr[data-event="${stream[0].eventId}"] a`).click();
    await page.locator('[data-part="metadata"]').waitFor();
    expect(await page.locator('[data-field="eventId"] dd').textContent()).toBe(stream[0].eventId);
    expect(await page.locator('[data-hash="hash"]').textContent()).toBe(stream[0].hash);
    expect(await page.locator('[data-link="Next event"] [data-holds]').getAttribute('data-holds')).toBe('true');
    await page.locator('[data-link="Next event"] a').click();
    await until(page, `document.querySelector('[data-field="version"] dd')?.textContent === '1'`);
    expect(await page.locator('[data-hash="prevHash"]').textContent()).toBe(stream[0].hash);
    expect(await page.locator('[data-link="Previous event"] [data-holds]').getAttribute('data-holds')).toBe('true');
    await page.screenshot({ path: join(SCREENSHOTS, 'audit-event.png'), fullPage: true });

    // Back from the events to the log: filtered as it was left (the filters are in the address).
    await page.goBack();
    await page.goBack();
    expect(page.url()).toContain('#/audit?streamId=customer-console-c2');
    await until(page, `document.querySelectorAll('tr[data-event]').length === ${stream.length}`);
    expect(await page.getByLabel('Stream').inputValue()).toBe('customer-console-c2');
    await page.close();
  });

  it('verifies the hash chains, takes a signed checkpoint and verifies the log against it, and names what a hand edit broke', async () => {
    const page = await signIn(KEYS.auditor);
    await page.getByRole('button', { name: 'Verify every hash chain' }).click();
    await page.locator('[data-part="verification"]').waitFor();
    const verified = (await api('/audit/verify', KEYS.auditor)).body;
    expect(verified.ok).toBe(true);
    expect(await page.locator('[data-part="verification"]').getAttribute('data-ok')).toBe('true');
    expect(await page.locator('[data-part="verification"] [role="status"]').textContent()).toContain(`${formatInteger(verified.events)} events in ${formatInteger(verified.streams)} streams`);

    const [saved] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download a signed checkpoint' }).click()]);
    const checkpointFile = join(dir, 'checkpoint.json');
    await saved.saveAs(checkpointFile);
    const checkpoint = JSON.parse(readFileSync(checkpointFile, 'utf8'));
    expect(checkpoint).toEqual(expect.objectContaining({ position: verified.events > 0 ? expect.any(String) : null, events: verified.events, signature: expect.any(String) }));
    await page.getByLabel('Verify against a checkpoint…').setInputFiles(checkpointFile);
    await until(page, `document.querySelector('[data-part="verification"] [role="status"]')?.textContent.includes('against checkpoint.json')`);
    expect(await page.locator('[data-part="verification"]').getAttribute('data-ok')).toBe('true');

    // A checkpoint altered after signing is refused, in words.
    const forged = join(dir, 'forged.json');
    writeFileSync(forged, JSON.stringify({ ...checkpoint, events: checkpoint.events - 1 }));
    await page.getByLabel('Verify against a checkpoint…').setInputFiles(forged);
    await expect(page.getByRole('alert').textContent()).resolves.toMatch(/forged\.json: .*signature does not hold/);

    // An event's data edited in the data file by hand: both checks name it.
    const db = openSqlite(join(dir, 'data', 'crm.sqlite'));
    db.prepare("UPDATE events SET data = json_set(data, '$.summary', 'forged') WHERE stream_id = 'customer-console-c2' AND version = 2").run();
    db.close();
    const named = async () => page.locator('tr[data-finding]').evaluateAll((rows) => rows.map((row) => Array.from(row.querySelectorAll('td'), (cell: { textContent: string | null }) => cell.textContent).slice(0, 3)));
    await page.getByRole('button', { name: 'Verify every hash chain' }).click();
    await page.locator('[data-part="verification"][data-ok="false"]').waitFor();
    expect(await named()).toEqual((await api('/audit/verify', KEYS.auditor)).body.broken.map((finding: { streamId: string; version: number }) => ['broken', finding.streamId, String(finding.version)]));
    expect(await named()).toContainEqual(['broken', 'customer-console-c2', '2']);
    await page.getByLabel('Verify against a checkpoint…').setInputFiles(checkpointFile);
    await until(page, `document.querySelector('[data-part="verification"] [role="status"]')?.textContent.includes('against checkpoint.json')`);
    expect(await page.locator('[data-part="verification"]').getAttribute('data-ok')).toBe('false');
    expect(await named()).toContainEqual(['broken', 'customer-console-c2', '2']);
    await page.screenshot({ path: join(SCREENSHOTS, 'audit-verify.png'), fullPage: true });
    await page.screenshot({ path: join(SCREENSHOTS, 'audit-verify-top.png') }); // the README's (docs/console-audit.png)
    await page.close();
  });

  it('runs every page under a policy that allows only its own code and this server, with no violation, and cannot be framed', async () => {
    const served = await fetch(`${server.baseUrl}/console/`);
    const policy = served.headers.get('content-security-policy') ?? '';
    for (const directive of ["default-src 'self'", "script-src 'self'", "connect-src 'self'", "frame-ancestors 'none'"]) expect(policy).toContain(directive);
    expect(policy).not.toContain('upgrade-insecure-requests'); // the embedded default serves plain http
    expect(served.headers.get('x-frame-options')).toBe('DENY');
    expect(served.headers.get('x-content-type-options')).toBe('nosniff');

    const page = await browser.newPage();
    await page.addInitScript(`window.violations = [];
      document.addEventListener('securitypolicyviolation', (event) => window.violations.push(event.violatedDirective + ' ' + event.blockedURI));`);
    await page.goto(`${server.baseUrl}/console/`);
    await page.getByLabel('API key').fill(KEYS.admin);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const routes = [
      ['customers', 'tr[data-customer]'],
      ['customers/console-c2', 'table[aria-label="Lifecycle history"] tbody tr'],
      ['funnel', 'tr[data-step]'],
      ['pareto', 'tr[data-tier]'],
      ['segments', 'tr[data-segment]'],
      ['projections', 'tr[data-projection]'],
      ['audit', 'tr[data-event]'],
      ['audit/customer-console-c2/1', '[data-part="metadata"]'],
    ];
    for (const [route, shown] of routes) {
      await page.goto(`${server.baseUrl}/console/#/${route}`);
      await page.locator(shown).first().waitFor();
    }
    await page.goto(`${server.baseUrl}/console/#/audit`);
    await page.getByRole('button', { name: 'Verify every hash chain' }).click();
    await page.locator('[data-part="verification"]').waitFor();
    expect(await page.evaluate('window.violations')).toEqual([]);

    // Framed by another page: Chromium refuses to render it.
    await page.setContent(`<iframe src="${server.baseUrl}/console/"></iframe>`);
    const framed = page.frames().find((frame) => frame !== page.mainFrame());
    expect(framed?.url()).toBe('chrome-error://chromewebdata/'); // ERR_BLOCKED_BY_RESPONSE
    expect(await framed?.locator('#root').count()).toBe(0);
    await page.close();
  });

  it('fits a phone: no page is wider than a 390-pixel screen (wide tables scroll within the page)', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true });
    await page.goto(`${server.baseUrl}/console/`);
    await page.getByLabel('API key').fill(KEYS.admin);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const widths: Record<string, number> = {};
    for (const [route, shown] of [['customers', 'tr[data-customer]'], ['customers/console-c2', '[data-part="value"]'], ['funnel', 'tr[data-step]'], ['pareto', 'tr[data-tier]'], ['segments', 'tr[data-segment]'], ['projections', 'tr[data-projection]'], ['audit', 'tr[data-event]']]) {
      await page.goto(`${server.baseUrl}/console/#/${route}`);
      await page.locator(shown).first().waitFor();
      widths[route] = await page.evaluate('document.documentElement.scrollWidth');
    }
    expect(widths).toEqual(Object.fromEntries(Object.keys(widths).map((route) => [route, 390])));
    await page.screenshot({ path: join(SCREENSHOTS, 'phone-audit.png'), fullPage: true });
    await page.close();
  });

  it('serves a missing asset as a 404, and any other console path as the console', async () => {
    expect((await fetch(`${server.baseUrl}/console/assets/missing.js`)).status).toBe(404);
    const deep = await fetch(`${server.baseUrl}/console/customers/anything`);
    expect(deep.status).toBe(200);
    expect(await deep.text()).toContain('<div id="root">');
    // The page is never cached, even asked for by its name: it names the build's hashed assets.
    expect((await fetch(`${server.baseUrl}/console/index.html`)).headers.get('cache-control')).toBe('no-cache');
  });

  it('refuses a file path that leaves the console folder, or a range it cannot serve, with a problem document, not a 500', async () => {
    const asset = (await (await fetch(`${server.baseUrl}/console/`)).text()).match(/\/console\/assets\/[^"]+\.js/)?.[0];
    expect(asset).toBeDefined();
    const answers = [
      await fetch(`${server.baseUrl}/console/%2e%2e/package.json`),
      await fetch(`${server.baseUrl}/console/assets/%2e%2e%2f%2e%2e%2fpackage.json`),
      await fetch(`${server.baseUrl}${asset}`, { headers: { range: 'bytes=99999999-' } }),
    ];
    for (const answer of answers) {
      expect({ url: answer.url, status: answer.status, type: answer.headers.get('content-type') }).toEqual({
        url: answer.url,
        status: expect.any(Number),
        type: expect.stringMatching(/^application\/problem\+json/),
      });
      expect(answer.status).toBeGreaterThanOrEqual(400);
      expect(answer.status).toBeLessThan(500);
    }
  });
});
