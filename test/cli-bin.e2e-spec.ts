import { openSqlite } from '@crm/event-store';
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './support/run-entry';
import { TestServer } from './support/test-server';

/** Runs `npx crm …` from the project folder as a user would after `npm ci`: npm's own output must stay off stdout. */
function npxCrm(dataDir: string, ...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('npx', ['crm', ...args], { cwd: ROOT, env: { ...process.env, CRM_DATA_DIR: dataDir } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

describe('the crm executable', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await TestServer.start();
    await server.mustCommand('RegisterCustomer', { customerId: 'c1', name: 'Acme' });
    await server.mustCommand('LogInteraction', { customerId: 'c1', channel: 'call', direction: 'inbound', kind: 'other', summary: 'hello' });
  });
  afterAll(() => server.stop());

  it('writes only the data to stdout, so `npx crm audit export > file` is clean NDJSON from its first line', async () => {
    // Checked first: without this bin, `npx crm` would fetch whatever package the registry calls "crm".
    expect(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).bin).toEqual({ crm: 'bin/crm.js' });
    const run = await npxCrm(server.dataDir, 'audit', 'export');
    expect(run.status).toBe(0);
    const lines = run.stdout.split('\n').filter(Boolean);
    expect(lines.map((line) => JSON.parse(line).type)).toEqual(['CustomerRegistered', 'InteractionLogged']);
    expect(run.stderr).toContain('2 events exported');
  }, 120_000);

  it('exits with the command line\'s own status', async () => {
    expect((await npxCrm(server.dataDir, 'rebuild', 'nonsense')).status).toBe(2);
  }, 120_000);
});

describe('the importer, with its output going to a file or a pipe', () => {
  const dataset = join(ROOT, '../shared/datasets/crm-sales-opportunities');
  const dir = mkdtempSync(join(tmpdir(), 'crm-import-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('still tells its progress on stderr, in lines, and keeps stdout for the summary', async () => {
    // The real files, with the first 150 deals only: a short import.
    const input = join(dir, 'input');
    mkdirSync(input);
    for (const file of ['accounts.csv', 'products.csv', 'sales_teams.csv']) copyFileSync(join(dataset, file), join(input, file));
    writeFileSync(join(input, 'sales_pipeline.csv'), readFileSync(join(dataset, 'sales_pipeline.csv'), 'utf8').split('\n').slice(0, 151).join('\n'));

    const run = await npxCrm(join(dir, 'data'), 'import', 'crm-sales', input);
    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(/^importing \d+ commands$/m);
    expect(run.stderr).toMatch(/^importing: (\d+)\/\1 commands in \d+ s$/m);
    expect(JSON.parse(run.stdout)).toEqual(expect.objectContaining({ refused: 0, replayed: 0, applied: expect.any(Object) }));

    // It wired only what an import uses: its commands' Idempotency-Keys, and no projection engine
    // (its projections and reactors would have left read models and checkpoints in the data file).
    const db = openSqlite(join(dir, 'data', 'crm.sqlite'));
    const tables = db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'").all().map((t) => t.name);
    const keys = db.prepare<[], { n: bigint }>("SELECT count(*) AS n FROM idempotency_keys WHERE scope LIKE 'cli:import%'").get();
    db.close();
    expect(tables).toEqual(expect.arrayContaining(['events', 'idempotency_keys']));
    for (const table of ['read_documents', 'projection_checkpoints', 'checkpoints']) expect(tables).not.toContain(table);
    expect(existsSync(join(dir, 'data', 'read-models.sqlite'))).toBe(false);
    expect(Number(keys?.n)).toBe(Object.values(JSON.parse(run.stdout).applied as Record<string, number>).reduce((sum, n) => sum + n, 0));
  }, 120_000);
});
