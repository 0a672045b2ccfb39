import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readlinkSync, realpathSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './support/run-entry';

/**
 * `npm start` and `npm run start:projector` build first (scripts/build-if-changed.js): only when
 * the sources changed, and never under a running process. Run here on a small project of its
 * own with a stand-in for `nest build` that copies the one source into the build, counts its
 * runs and takes a second, so that two starts really overlap.
 */
const SCRIPT = join(ROOT, 'scripts/build-if-changed.js');
const FAKE_BUILD = `node -e "const fs=require('fs');const out=process.argv[1];fs.mkdirSync(out+'/apps/api/src',{recursive:true});fs.copyFileSync('apps/api/src/main.ts',out+'/apps/api/src/main.js');fs.appendFileSync('builds.log','x');Atomics.wait(new Int32Array(new SharedArrayBuffer(4)),0,0,1000)" {outDir}`;

describe('the build before a start', () => {
  let root: string;
  const env = () => ({ PATH: process.env.PATH, CRM_BUILD_ROOT: root, CRM_BUILD_COMMAND: FAKE_BUILD });
  const builds = () => {
    try {
      return readFileSync(join(root, 'builds.log'), 'utf8').length;
    } catch {
      return 0;
    }
  };
  const current = () => join(root, 'dist', readlinkSync(join(root, 'dist/current')));
  const built = () => readFileSync(join(root, 'dist/current/apps/api/src/main.js'), 'utf8');
  const setSource = (text: string) => writeFileSync(join(root, 'apps/api/src/main.ts'), text);
  const run = () => spawnSync(process.execPath, [SCRIPT], { env: env(), encoding: 'utf8', timeout: 60_000 });
  const runAsync = () =>
    new Promise<{ status: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [SCRIPT], { env: env() });
      let stderr = '';
      child.stderr.on('data', (chunk) => (stderr += chunk));
      child.on('close', (status) => resolve({ status, stderr }));
    });

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'crm-build-'));
    mkdirSync(join(root, 'apps/api/src'), { recursive: true });
    mkdirSync(join(root, 'libs'));
    writeFileSync(join(root, 'tsconfig.json'), '{}');
    setSource('version 1');
  });

  it('builds a fresh clone once, and a second start with no change does not build', () => {
    expect(run().status).toBe(0);
    expect(builds()).toBe(1);
    expect(built()).toBe('version 1');

    const started = Date.now();
    const again = run();
    expect(again.status).toBe(0);
    expect(again.stderr).toMatch(/^build: up to date/);
    expect(builds()).toBe(1);
    expect(Date.now() - started).toBeLessThan(5_000);

    // A test file is not built: changing one needs no build either.
    writeFileSync(join(root, 'apps/api/src/main.unit.spec.ts'), 'a test');
    expect(run().status).toBe(0);
    expect(builds()).toBe(1);
  }, 60_000);

  it("builds a changed source beside the build a running process uses, and leaves that one's files alone", () => {
    const running = realpathSync(join(root, 'dist/current/apps/api/src/main.js')); // where a started process loaded its code from
    const before = { text: readFileSync(running, 'utf8'), mtime: statSync(running).mtimeMs };
    setSource('version 2');
    expect(run().status).toBe(0);
    expect(builds()).toBe(2);
    expect(built()).toBe('version 2');
    expect(current()).not.toBe(join(running, '../../../..'));
    expect({ text: readFileSync(running, 'utf8'), mtime: statSync(running).mtimeMs }).toEqual(before);
  }, 60_000);

  it('two starts at once build once: the second waits for the first build and uses it', async () => {
    setSource('version 3');
    const [one, two] = await Promise.all([runAsync(), runAsync()]);
    expect([one.status, two.status]).toEqual([0, 0]);
    expect(builds()).toBe(3);
    expect(built()).toBe('version 3');
    expect(`${one.stderr}${two.stderr}`).toMatch(/built by another start/);
  }, 60_000);
});

describe("the build before a start, with the console's", () => {
  let root: string;
  const env = () => ({ PATH: process.env.PATH, CRM_BUILD_ROOT: root, CRM_BUILD_COMMAND: FAKE_BUILD });
  const run = () => spawnSync(process.execPath, [SCRIPT], { env: env(), encoding: 'utf8', timeout: 120_000 });
  const setConsole = (code: string) => writeFileSync(join(root, 'apps/console/main.js'), code);
  const page = () => readFileSync(join(root, 'dist/current/console/index.html'), 'utf8');
  const script = () => {
    const asset = /src="\/console\/(assets\/[^"]+\.js)"/.exec(page())?.[1];
    return asset ? readFileSync(join(root, 'dist/current/console', asset), 'utf8') : '';
  };

  beforeAll(() => {
    // A small project with a console of its own, built by the project's real Vite.
    root = mkdtempSync(join(tmpdir(), 'crm-build-console-'));
    mkdirSync(join(root, 'apps/api/src'), { recursive: true });
    mkdirSync(join(root, 'apps/console'), { recursive: true });
    mkdirSync(join(root, 'libs'));
    symlinkSync(join(ROOT, 'node_modules'), join(root, 'node_modules'));
    writeFileSync(join(root, 'tsconfig.json'), '{}');
    writeFileSync(join(root, 'apps/api/src/main.ts'), 'server');
    writeFileSync(join(root, 'apps/console/vite.config.mts'), "import { fileURLToPath } from 'node:url';\nexport default { root: fileURLToPath(new URL('.', import.meta.url)), base: '/console/', logLevel: 'warn' };\n");
    writeFileSync(join(root, 'apps/console/index.html'), '<!doctype html><div id="root"></div><script type="module" src="./main.js"></script>\n');
    setConsole("document.getElementById('root').textContent = 'console one';\n");
  });
  afterAll(() => rmSync(root, { recursive: true, force: true })); // removes the node_modules link, not what it points to

  it("builds the console into the build's console folder, and builds again when only the console changed", () => {
    expect(run().status).toBe(0);
    expect(page()).toContain('<div id="root">');
    expect(script()).toContain('console one');

    setConsole("document.getElementById('root').textContent = 'console two';\n");
    const again = run();
    expect(again.stderr).toMatch(/the sources changed/);
    expect(script()).toContain('console two');
  }, 120_000);

  it('fails the start when the console does not build, and leaves the build in use as it was', () => {
    const before = readlinkSync(join(root, 'dist/current'));
    setConsole('this is not ( javascript');
    const failed = run();
    expect(failed.status).not.toBe(0);
    expect(failed.stderr).toMatch(/console's build failed/);
    expect(readlinkSync(join(root, 'dist/current'))).toBe(before);
    expect(script()).toContain('console two');
  }, 120_000);
});
