import { spawnSync } from 'node:child_process';
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

  it('names a bad value in one line', () => {
    const run = start({ CRM_DORMANCY_DAYS: 'ninety' });
    expect(run.status).toBe(1);
    expect(run.stderr.trim()).toBe('Invalid configuration: CRM_DORMANCY_DAYS must be a whole number from 1 to 3650 (got "ninety")');
  });
});
