import { parse } from 'csv-parse/sync';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { planCrmSalesImport } from '../apps/cli/src/importers/crm-sales.parser';
import { importPlanned } from '../apps/cli/src/importers/run-import';
import { parseConfig } from '../apps/api/src/config/app-config';
import { KEYS, TestServer } from './support/test-server';

const DIR = join(__dirname, '../../shared/datasets/crm-sales-opportunities');
const read = (name: string) => readFileSync(join(DIR, name), 'utf8');
const csv = (name: string): Record<string, string>[] => parse(read(name), { columns: true, skip_empty_lines: true, trim: true });

describe('importing the CRM Sales Opportunities data set', () => {
  let server: TestServer;
  let last: string;

  beforeAll(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'crm-e2e-'));
    // What is imported is under test here, not how durably each commit is synced: NORMAL skips the
    // per-commit fsync that made most of this file's wall time (19,000 commits, one at a time).
    const sync = { CRM_SQLITE_SYNC: 'normal' };
    const plan = planCrmSalesImport({ accounts: read('accounts.csv'), products: read('products.csv'), salesTeams: read('sales_teams.csv'), pipeline: read('sales_pipeline.csv') });
    expect(plan.errors).toEqual([]);
    // The import as `crm import` runs it, on its own composition (the log only); then the server
    // starts on what it wrote, and its projector brings the read models up to date.
    const outcome = await importPlanned(parseConfig({ NODE_ENV: 'test', CRM_DATA_DIR: dataDir, ...sync }), plan.commands, { correlationId: 'import' });
    expect(outcome.refused).toEqual([]);
    expect(outcome.replayed).toBe(0);
    server = await TestServer.start({ CRM_DATA_DIR: dataDir, CRM_RATE_LIMIT_PER_SECOND: '0', ...sync });
    last = (await server.store.headPosition()) as string;
  }, 180_000);
  afterAll(() => server?.stop());

  const get = async (path: string) => {
    const reply = await server.send('GET', path, undefined, { key: KEYS.analyst });
    expect(reply.status).toBe(200);
    return reply.body;
  };
  const countAll = async (path: string) => (await server.allItems(path)).length;

  const pipeline = csv('sales_pipeline.csv');
  const sectorOf = new Map(csv('accounts.csv').map((a) => [a.account, a.sector]));
  const slug = (name: string) => name.trim().replace(/[^A-Za-z0-9._:-]+/g, '-');

  it('has every won deal as a won opportunity', async () => {
    const won = pipeline.filter((r) => r.deal_stage === 'Won').length;
    expect(won).toBe(4238);
    expect(await countAll(`/opportunities?status=won&minPosition=${last}&timeoutMs=30000`)).toBe(won);
  }, 60_000);

  it('has the revenue per sector of the won deals', async () => {
    const bySector = new Map<string, number>();
    for (const r of pipeline.filter((row) => row.deal_stage === 'Won')) {
      const sector = sectorOf.get(r.account) as string;
      bySector.set(sector, (bySector.get(sector) ?? 0) + Number(r.close_value));
    }
    const segments = await get(`/analytics/segments?by=industry&minPosition=${last}&timeoutMs=30000`);
    const answered = Object.fromEntries(segments.items.map((s: { key: string; revenue: number }) => [s.key, s.revenue]));
    expect(answered).toEqual(Object.fromEntries(bySector));
    expect([...bySector.values()].reduce((t, v) => t + v, 0)).toBe(10_005_534);
  });

  it('has each agent\'s win rate', async () => {
    const agents = [...new Set(pipeline.map((r) => r.sales_agent))].slice(0, 5);
    for (const agent of agents) {
      const deals = pipeline.filter((r) => r.sales_agent === agent && r.account);
      const won = deals.filter((r) => r.deal_stage === 'Won').length;
      const lost = deals.filter((r) => r.deal_stage === 'Lost').length;
      const apiWon = await countAll(`/opportunities?ownerId=${slug(agent)}&status=won&minPosition=${last}&timeoutMs=30000`);
      const apiLost = await countAll(`/opportunities?ownerId=${slug(agent)}&status=lost`);
      expect({ agent, winRate: apiWon / (apiWon + apiLost) }).toEqual({ agent, winRate: won / (won + lost) });
    }
  });

  it('counts the accounts as customers', async () => {
    const pareto = await get(`/analytics/pareto?minPosition=${last}&timeoutMs=30000`);
    expect(pareto.customers).toBe(85);
    expect(pareto.totalNetValue).toBe(10_005_534);
  });
});
