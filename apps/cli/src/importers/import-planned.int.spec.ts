import { openSqlite } from '@crm/event-store';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppConfig, parseConfig } from '../../../api/src/config/app-config';
import { runWith, sealedLog } from '../composition/cli-composition';
import { PlannedCommand, planCrmSalesImport } from './crm-sales.parser';
import { importPlanned } from './run-import';

const DATASET = join(__dirname, '../../../../../shared/datasets/crm-sales-opportunities');
const read = (name: string) => readFileSync(join(DATASET, name), 'utf8');
/** The real files with the first 40 deals: 85 accounts, 31 of the deals won. */
const plan = planCrmSalesImport({ accounts: read('accounts.csv'), products: read('products.csv'), salesTeams: read('sales_teams.csv'), pipeline: read('sales_pipeline.csv').split('\n').slice(0, 41).join('\n') });

describe('importing through the idempotent command service', () => {
  let dir: string;
  let config: AppConfig;
  const file = () => join(dir, 'crm.sqlite');
  const query = <T>(sql: string, ...params: unknown[]): T[] => {
    const db = openSqlite(file());
    try {
      return db.prepare(sql).all(...params) as T[];
    } finally {
      db.close();
    }
  };
  const eventCount = () => Number(query<{ n: bigint }>('SELECT count(*) AS n FROM events')[0].n);
  const runImport = (commands: readonly PlannedCommand[] = plan.commands) => importPlanned(config, commands, { correlationId: 'test-import' });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'crm-import-'));
    config = parseConfig({ NODE_ENV: 'test', CRM_DATA_DIR: dir, CRM_SQLITE_SYNC: 'normal' });
    expect(plan.errors).toEqual([]);
    const first = await runImport();
    expect(first.refused).toEqual([]);
    expect(first.replayed).toBe(0);
    expect(Object.values(first.applied).reduce((sum, n) => sum + n, 0)).toBe(plan.commands.length);
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps one Idempotency-Key per imported command, under the import principal', () => {
    const keys = query<{ scope: string; state: string }>('SELECT scope, state FROM idempotency_keys');
    expect(keys.map((k) => k.scope).sort()).toEqual(plan.commands.map((c) => `cli:import\u0000${c.key}`).sort());
    expect(keys.every((k) => k.state === 'done')).toBe(true);
  });

  it('still gets the inline reactions: each won deal is recorded on its customer as a win', async () => {
    const won = plan.commands.filter((c) => c.command === 'WinOpportunity').map((c) => c.input.opportunityId as string);
    expect(won).toHaveLength(31);
    const customerOf = new Map(plan.commands.filter((c) => c.command === 'OpenOpportunity').map((c) => [c.input.opportunityId, c.input.customerId as string]));
    await runWith(config, sealedLog, async ({ sealed }) => {
      for (const opportunityId of won) {
        const events = await sealed.readStream(`customer-${customerOf.get(opportunityId)}`);
        expect(events.filter((e) => e.type === 'OpportunityActivityRecorded' && e.data.opportunityId === opportunityId).map((e) => e.data.activity)).toEqual(['opened', 'won']);
      }
    });
  });

  it('runs no projection engine: no read model, projection checkpoint or reactor checkpoint was written', () => {
    const tables = query<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'").map((t) => t.name);
    expect(tables).toEqual(expect.arrayContaining(['events', 'idempotency_keys']));
    for (const table of ['read_documents', 'projection_checkpoints', 'projection_leases', 'checkpoints']) expect(tables).not.toContain(table);
    expect(existsSync(join(dir, 'read-models.sqlite'))).toBe(false);
  });

  it('answers a re-run from the keys: every command replayed, nothing appended', async () => {
    const before = eventCount();
    const again = await runImport();
    expect(again).toEqual({ applied: {}, alreadyPresent: plan.commands.length, replayed: plan.commands.length, refused: [] });
    expect(eventCount()).toBe(before);
  });

  it('recovers a command that died after appending from the log, and falls back on the rules for a key it never kept', async () => {
    const before = eventCount();
    const [dead, lost] = plan.commands.filter((c) => c.command === 'WinOpportunity').map((c) => `cli:import\u0000${c.key}`);
    const db = openSqlite(file());
    // The process died after the append, before it recorded the outcome: a pending claim, long stale.
    db.prepare("UPDATE idempotency_keys SET state = 'pending', status = NULL, body = NULL, created_at = 0 WHERE scope = ?").run(dead);
    // A log imported before the keys existed.
    db.prepare('DELETE FROM idempotency_keys WHERE scope = ?').run(lost);
    db.close();
    const again = await runImport();
    expect(again).toEqual({ applied: {}, alreadyPresent: plan.commands.length, replayed: plan.commands.length - 1, refused: [] });
    expect(eventCount()).toBe(before);
    expect(query<{ state: string }>('SELECT state FROM idempotency_keys WHERE scope IN (?, ?)', dead, lost).map((k) => k.state)).toEqual(['done', 'done']);
  });

  it('refuses a row changed since it was imported, and replays a refusal as it was', async () => {
    const before = eventCount();
    const registration = plan.commands.find((c) => c.command === 'RegisterCustomer') as PlannedCommand;
    const changed = { ...registration, input: { ...registration.input, industry: 'changed' } };
    const orphan: PlannedCommand = {
      command: 'OpenOpportunity',
      at: '2017-01-01T00:00:00.000Z',
      input: { opportunityId: 'ORPHAN1', customerId: 'nobody', title: 'x', expectedValue: 1, ownerId: 'a', openedAt: '2017-01-01T00:00:00.000Z' },
      source: { file: 'sales_pipeline.csv', row: 9999 },
      key: 'crm-sales/OpenOpportunity/ORPHAN1',
      lane: 'nobody',
    };
    const first = await runImport([changed, orphan]);
    expect(first.refused).toEqual([
      { command: 'RegisterCustomer', file: 'accounts.csv', row: registration.source.row, reason: 'it was imported before with other values; the log keeps those' },
      { command: 'OpenOpportunity', file: 'sales_pipeline.csv', row: 9999, reason: expect.stringContaining("'nobody'") },
    ]);
    const again = await runImport([orphan]);
    expect(again).toEqual({ applied: {}, alreadyPresent: 0, replayed: 1, refused: [first.refused[1]] });
    expect(eventCount()).toBe(before);
  });
});
