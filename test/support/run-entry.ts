import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';

export const ROOT = join(__dirname, '../..');

/**
 * How tests run a TypeScript entry point (the CLI or the server) as its own process: transpiled
 * on the fly as by ts-node's transpile-only, through a disk cache (ts-register-cached.js).
 */
export function tsNode(entry: string, args: string[] = []): { command: string; args: string[]; cwd: string; baseEnv: NodeJS.ProcessEnv } {
  return {
    command: process.execPath,
    args: ['--enable-source-maps', '-r', join(__dirname, 'ts-register-cached.js'), '-r', 'tsconfig-paths/register', join(ROOT, entry), ...args],
    cwd: ROOT,
    baseEnv: { PATH: process.env.PATH, TS_NODE_PROJECT: join(ROOT, 'tsconfig.json') },
  };
}

const CLI = 'apps/cli/src/main.ts';

/** `npm run cli -- …` against a data folder, blocking: only while no in-process server must answer. */
export function cli(dataDir: string, ...args: string[]) {
  const run = tsNode(CLI, args);
  return spawnSync(run.command, run.args, { cwd: run.cwd, env: { ...run.baseEnv, CRM_DATA_DIR: dataDir }, encoding: 'utf8', timeout: 60_000 });
}

/** The same without blocking this process, so an in-process server stays responsive meanwhile. */
export function cliAsync(dataDir: string, ...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const run = tsNode(CLI, args);
  return new Promise((resolve) => {
    const child = spawn(run.command, run.args, { cwd: run.cwd, env: { ...run.baseEnv, CRM_DATA_DIR: dataDir } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}
