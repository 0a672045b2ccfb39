import { ChildProcess, spawn } from 'node:child_process';
import { tsNode } from './run-entry';

/** An entry point (the server, the projector) running as its own process, with what it printed so far. */
export interface EntryProcess {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
}

export interface ServerProcess extends EntryProcess {
  /** The address its start-up log names ("http://127.0.0.1:41234", or "… (every interface)"). */
  logged: string;
  /** Where to send requests: the logged address, on loopback. */
  baseUrl: string;
}

function spawnEntry(entry: string, env: Record<string, string>): EntryProcess {
  const run = tsNode(entry);
  const child = spawn(run.command, run.args, { cwd: run.cwd, env: { ...run.baseEnv, NO_COLOR: '1', CRM_DORMANCY_SWEEP_MINUTES: '0', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk) => (stdout += chunk));
  child.stderr?.on('data', (chunk) => (stderr += chunk));
  return { child, stdout: () => stdout, stderr: () => stderr };
}

/** Resolves with the first match of `pattern` in the process's output; rejects if it exits or the limit passes first. */
function awaitLine(process: EntryProcess, pattern: RegExp, limitMs: number): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    const output = () => `${process.stdout()}${process.stderr()}`;
    const timer = setTimeout(() => reject(new Error(`no ${pattern} within ${limitMs} ms:\n${output()}`)), limitMs);
    const look = () => {
      const match = output().match(pattern);
      if (!match) return;
      clearTimeout(timer);
      process.child.stdout?.off('data', look);
      process.child.stderr?.off('data', look);
      resolve(match);
    };
    // Registered after spawnEntry's own listeners, so the output already holds this chunk.
    process.child.stdout?.on('data', look);
    process.child.stderr?.on('data', look);
    process.child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${pattern} never came: exited with ${code ?? signal}:\n${output()}`));
    });
  });
}

/**
 * Starts apps/api/src/main.ts (PORT 0 unless given: a free port) and resolves once it listens.
 * Each start compiles the app with ts-node: seconds on a busy machine, hence the generous limit.
 */
export async function startServerProcess(env: Record<string, string>, limitMs = 90_000): Promise<ServerProcess> {
  const server = spawnEntry('apps/api/src/main.ts', { PORT: '0', ...env });
  const [, logged] = await awaitLine(server, /listening on (\S+( \(every interface\))?)/, limitMs).catch((error) => {
    server.child.kill('SIGKILL');
    throw error;
  });
  const url = new URL(logged.split(' ')[0]);
  return { ...server, logged, baseUrl: `http://127.0.0.1:${url.port}` };
}

/** Starts apps/api/src/projector.ts and resolves once it runs the projections. */
export async function startProjectorProcess(env: Record<string, string>, limitMs = 90_000): Promise<EntryProcess> {
  const projector = spawnEntry('apps/api/src/projector.ts', env);
  await awaitLine(projector, /CRM projector running/, limitMs).catch((error) => {
    projector.child.kill('SIGKILL');
    throw error;
  });
  return projector;
}
