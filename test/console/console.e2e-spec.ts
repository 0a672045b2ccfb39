/**
 * The web console in headless Chromium against a started server: sign-in with each role, what
 * each role is offered, and each page showing what the API answers. Screenshots of every page go
 * to test-output/console/ (git-ignored).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { ServerProcess, startServerProcess } from '../support/entry-process';
import { API_KEYS_ENV, KEYS, sendRequest } from '../support/test-server';
import { funnelSteps } from '../../apps/console/src/charts/funnel-data';
import { formatInteger, formatPercent } from '../../apps/console/src/format';
import { chromiumInstalled, launchChromium } from './browser';

const ROOT = resolve(__dirname, '../..');
const SCREENSHOTS = join(ROOT, 'test-output/console');
const suite = chromiumInstalled() ? describe : describe.skip;

suite('the web console', () => {
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
      const reply = await sendRequest(server.baseUrl, 'POST', '/commands/RegisterCustomer', { customerId: `console-c${i}`, name, company: `Company ${i}`, region: 'APAC' });
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
    ['analyst', KEYS.analyst, ['Customers', 'Funnel', '20/80/30', 'Projections']],
    ['auditor', KEYS.auditor, ['Audit']],
    ['admin', KEYS.admin, ['Customers', 'Funnel', '20/80/30', 'Projections', 'Audit']],
  ])('offers the %s key only the pages its role may open', async (_role, key, pages) => {
    const page = await signIn(key);
    expect(await navigation(page)).toEqual(pages);
    // The key is kept in the tab, never in the address.
    expect(page.url()).not.toContain(key);
    expect(await page.evaluate('Object.values(sessionStorage)')).toContain(key);
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
    await page.waitForFunction(`document.querySelector('tr[data-step="Leads captured"] td.number')?.textContent === '0'`);
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

  it('shows the log GET /audit/events answers to the auditor, and screenshots the page', async () => {
    const page = await signIn(KEYS.auditor);
    await page.locator('tr[data-event]').first().waitFor();
    const shown = await page.locator('tr[data-event]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-event')));
    const answered = (await api('/audit/events?limit=50', KEYS.auditor)).body.items.map((event: { eventId: string }) => event.eventId);
    expect(shown).toEqual(answered);
    await page.screenshot({ path: join(SCREENSHOTS, 'audit.png'), fullPage: true });
    await page.close();
  });

  it('serves a missing asset as a 404, and any other console path as the console', async () => {
    expect((await fetch(`${server.baseUrl}/console/assets/missing.js`)).status).toBe(404);
    const deep = await fetch(`${server.baseUrl}/console/customers/anything`);
    expect(deep.status).toBe(200);
    expect(await deep.text()).toContain('<div id="root">');
  });
});
