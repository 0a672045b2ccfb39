import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { tsNode } from './support/run-entry';

/** Starts main.ts on a free port and returns the address its start-up log names. */
async function startServer(env: Record<string, string>): Promise<{ logged: string; child: ChildProcess; dataDir: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'crm-listen-'));
  const run = tsNode('apps/api/src/main.ts');
  const child = spawn(run.command, run.args, {
    cwd: run.cwd,
    env: { ...run.baseEnv, NO_COLOR: '1', PORT: '0', CRM_DATA_DIR: dataDir, CRM_DORMANCY_SWEEP_MINUTES: '0', ...env },
  });
  let output = '';
  const logged = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "listening on" line within 90 s:\n${output}`)), 90_000);
    const look = (chunk: Buffer) => {
      output += chunk;
      const match = output.match(/listening on (\S+( \(every interface\))?)/);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', look);
    child.stderr?.on('data', look);
    child.on('exit', (code) => reject(new Error(`exited ${code}:\n${output}`)));
  });
  return { logged, child, dataDir };
}

/** Whether a TCP connection to host:port is accepted. */
const accepts = (host: string, port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, host, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });

/** A non-loopback IPv4 address of this machine, if it has one. */
const outsideAddress = Object.values(networkInterfaces()).flat().find((i) => i && i.family === 'IPv4' && !i.internal)?.address;

describe('the address the server listens on', () => {
  const started: { child: ChildProcess; dataDir: string }[] = [];
  afterAll(() => {
    for (const { child, dataDir } of started) {
      child.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('is loopback with the development keys, every interface with configured keys or with HOST, and the log says which', async () => {
    const [dev, configured, host] = await Promise.all([
      startServer({}),
      startServer({ CRM_API_KEYS: 'a-long-service-key:service' }),
      startServer({ HOST: '0.0.0.0' }),
    ]);
    started.push(dev, configured, host);

    expect(dev.logged).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const devPort = Number(new URL(dev.logged).port);
    expect(await accepts('127.0.0.1', devPort)).toBe(true);
    if (outsideAddress) expect(await accepts(outsideAddress, devPort)).toBe(false);
    else process.stdout.write('listen-address: no non-loopback interface here; only the logged address was checked\n');

    expect(configured.logged).toMatch(/^http:\/\/(\[::\]|0\.0\.0\.0):\d+ \(every interface\)$/);
    expect(host.logged).toMatch(/^http:\/\/0\.0\.0\.0:\d+ \(every interface\)$/);
    const hostPort = Number(new URL(host.logged.split(' ')[0]).port);
    if (outsideAddress) expect(await accepts(outsideAddress, hostPort)).toBe(true);
  }, 120_000);
});
