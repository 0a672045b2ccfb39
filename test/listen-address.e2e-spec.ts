import { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServerProcess } from './support/entry-process';

/** Starts main.ts on a free port over a fresh data folder. */
async function startServer(env: Record<string, string>): Promise<{ logged: string; child: ChildProcess; dataDir: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'crm-listen-'));
  const { logged, child } = await startServerProcess({ CRM_DATA_DIR: dataDir, ...env });
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
