import { spawnSync } from 'node:child_process';
import { openSqlite } from '@crm/event-store';
import { SqliteKeyStore } from '@crm/personal-data';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tsNode } from './support/run-entry';

/** Starts main.ts with the given environment; these cases fail before listening, so they end quickly. */
function start(env: Record<string, string>) {
  const run = tsNode('apps/api/src/main.ts');
  return spawnSync(run.command, run.args, { cwd: run.cwd, env: { ...run.baseEnv, ...env }, encoding: 'utf8', timeout: 60_000 });
}

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
