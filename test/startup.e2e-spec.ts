import { spawn, spawnSync } from 'node:child_process';
import { openSqlite } from '@crm/event-store';
import { SqliteKeyStore } from '@crm/personal-data';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tsNode } from './support/run-entry';

/** Starts main.ts with the given environment; these cases fail before listening, so they end quickly. */
function start(env: Record<string, string>) {
  const run = tsNode('apps/api/src/main.ts');
  return spawnSync(run.command, run.args, { cwd: run.cwd, env: { ...run.baseEnv, ...env }, encoding: 'utf8', timeout: 60_000 });
}

/** Runs an entry to its end without blocking this process (which may hold the port it needs), within a limit. */
function runToEnd(entry: string, env: Record<string, string>, limitMs = 60_000): Promise<{ status: number | null; stdout: string; stderr: string; ms: number }> {
  const run = tsNode(entry);
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(run.command, run.args, { cwd: run.cwd, env: { ...run.baseEnv, CRM_DORMANCY_SWEEP_MINUTES: '0', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), limitMs);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr, ms: Date.now() - started });
    });
  });
}

/** Exit 1 within the limit (not killed), and stderr is exactly one line without a stack. */
function expectOneLineFailure(run: { status: number | null; stderr: string }, line: RegExp) {
  expect(run.status).toBe(1);
  expect(run.stderr.split('\n').filter((l) => l !== '')).toHaveLength(1);
  expect(run.stderr).not.toMatch(/^\s+at /m);
  expect(run.stderr.trim()).toMatch(line);
}

const fileInTheWay = () => {
  const file = join(mkdtempSync(join(tmpdir(), 'crm-start-')), 'a-file');
  writeFileSync(file, '');
  return file;
};

describe('start-up configuration', () => {
  it('refuses to start in production without API keys, saying why in one line', () => {
    const run = start({ NODE_ENV: 'production', CRM_DATA_DIR: '/tmp/crm-never-used' });
    expect(run.status).toBe(1);
    expect(run.stderr.trim()).toBe('Invalid configuration: CRM_API_KEYS is required when NODE_ENV=production (format: key:role[:principal],…)');
  });

  it('refuses to start in production without the audit checkpoint signing key, saying why in one line', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'crm-start-'));
    const run = start({ NODE_ENV: 'production', CRM_DATA_DIR: dataDir, CRM_API_KEYS: 'long-enough-key:admin', CRM_MASTER_KEY: 'ab'.repeat(32), PORT: '0' });
    expect(run.status).toBe(1);
    expect(run.stderr.trim()).toBe(
      'Invalid configuration: CRM_AUDIT_SIGNING_KEY is required when NODE_ENV=production (an Ed25519 private key: its 32-byte seed as 64 hex digits or base64, e.g. from `openssl rand -base64 32`)',
    );
    expect(existsSync(join(dataDir, 'audit-signing.key'))).toBe(false);
  });

  it('names a bad value in one line', () => {
    const run = start({ CRM_DORMANCY_DAYS: 'ninety' });
    expect(run.status).toBe(1);
    expect(run.stderr.trim()).toBe('Invalid configuration: CRM_DORMANCY_DAYS must be a whole number from 1 to 3650 (got "ninety")');
  });

  it('refuses a master key that does not open the stored data keys, naming both', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'crm-start-'));
    const keys = new SqliteKeyStore(openSqlite(join(dataDir, 'keys.sqlite')));
    await keys.keyForSubject({ keyId: 'k1', subject: 'customer:c1', owner: 'customer:c1', wrapped: 'AAAA', masterKeyId: 'feedfacecafebeef', createdAt: 'now' });
    await keys.close();
    const run = start({ CRM_DATA_DIR: dataDir, CRM_MASTER_KEY: 'ab'.repeat(32), PORT: '0' });
    expect(run.status).toBe(1);
    // One line: no stack from Nest's start-up exception handler above it.
    expect(run.stderr.trim()).toMatch(
      /^Invalid configuration: CRM_MASTER_KEY: the key store holds data keys wrapped by master key\(s\) feedfacecafebeef, but the configured master key is [0-9a-f]{16}$/,
    );
  });
});

/**
 * A start-up that cannot go on prints one line saying what and exits 1: no stack, no hang. (Each
 * run compiles the app with ts-node, which takes seconds on a busy machine; the hang the /proc case
 * had was for ever, and a run killed at the limit would fail with a null status.)
 */
describe.each([
  ['server', 'apps/api/src/main.ts'],
  ['projector', 'apps/api/src/projector.ts'],
])('start-up failures of the %s', (_name, entry) => {
  it('a data folder under a file', async () => {
    const file = fileInTheWay();
    const run = await runToEnd(entry, { CRM_DATA_DIR: join(file, 'data'), PORT: '0' });
    expectOneLineFailure(run, new RegExp(`^Invalid configuration: CRM_DATA_DIR: cannot make the folder ${join(file, 'data')}: ${file} exists and is not a folder$`));
  }, 70_000);

  it('a data folder that cannot be made (under /proc, where recursive mkdir spun for ever)', async () => {
    const run = await runToEnd(entry, { CRM_DATA_DIR: '/proc/nope', PORT: '0' });
    expectOneLineFailure(run, /^Invalid configuration: CRM_DATA_DIR: cannot make the folder \/proc\/nope: ENOENT/);
  }, 70_000);
});

describe('start-up failure of the server on a port in use', () => {
  it('says the port is in use in one line, after no "successfully started"', async () => {
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, resolve));
    const { port } = holder.address() as AddressInfo;
    try {
      const run = await runToEnd('apps/api/src/main.ts', { CRM_DATA_DIR: mkdtempSync(join(tmpdir(), 'crm-start-')), PORT: String(port) });
      expectOneLineFailure(run, new RegExp(`^Cannot start: port ${port} (of \\S+ )?is already in use \\(another server on it\\? set PORT to a free port\\)$`));
      expect(run.stdout).not.toContain('successfully started');
    } finally {
      holder.close();
    }
  }, 70_000);
});
