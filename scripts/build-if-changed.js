#!/usr/bin/env node
// `npm start` and `npm run start:projector` run this first. It builds only when the sources
// changed since the build in use, and never under a running process:
// - the sources' fingerprint (a hash of every file's path and content) names the build;
// - a build goes into a folder of its own (dist/builds/<fingerprint>), then dist/current, a
//   symlink, is switched to it in one rename. A process started earlier keeps running from the
//   folder it started in (Node resolves the entry's real path), which nothing rewrites;
// - two starts at once build once: the second waits on a lock (a folder, made atomically) and
//   then finds the build done.
// Plain JavaScript, no dependencies: it must run before anything is compiled.
'use strict';
const { createHash } = require('node:crypto');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(process.env.CRM_BUILD_ROOT || path.join(__dirname, '..'));
const DIST = path.join(ROOT, 'dist');
const BUILDS = path.join(DIST, 'builds');
const CURRENT = path.join(DIST, 'current');
const LOCK = path.join(DIST, '.build-lock');
/** What a build is made from: a change to any of these makes a new build. */
const SOURCES = ['apps', 'libs', 'tsconfig.json', 'nest-cli.json', 'package.json'];
/** Tests are not built, and a build's own tsconfig is not a source: changing them needs no new build. */
const NOT_BUILT = /\.(unit|int)\.spec\.ts$|\.e2e-spec\.ts$|tsconfig\.build-\d+\.json$/;
/** The builds kept besides the current one, for processes still running from them. */
const KEEP = 3;
const LOCK_WAIT_MS = 10 * 60_000;
/** The web console (Vite); a build root without it (the build tests' fake projects) builds the server alone. */
const CONSOLE_CONFIG = 'apps/console/vite.config.mts';

const say = (line) => process.stderr.write(`build: ${line}\n`);

function fingerprint() {
  const hash = createHash('sha256');
  const visit = (relative) => {
    const absolute = path.join(ROOT, relative);
    let stat;
    try {
      stat = fs.statSync(absolute);
    } catch {
      return;
    }
    if (stat.isDirectory()) {
      for (const name of fs.readdirSync(absolute).sort()) visit(path.join(relative, name));
    } else if (stat.isFile() && !NOT_BUILT.test(relative)) {
      hash.update(`${relative}\0${stat.size}\0`);
      hash.update(fs.readFileSync(absolute));
    }
  };
  for (const source of SOURCES) visit(source);
  return hash.digest('hex').slice(0, 16);
}

function currentBuild() {
  try {
    return path.basename(fs.readlinkSync(CURRENT));
  } catch {
    return undefined;
  }
}

const upToDate = (id) => currentBuild() === id && fs.existsSync(path.join(BUILDS, id, '.complete'));

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

/** Takes the build lock, waiting while a live process holds it; a dead holder's lock is taken over. */
function lock() {
  const deadline = Date.now() + LOCK_WAIT_MS;
  let told = false;
  for (;;) {
    try {
      fs.mkdirSync(LOCK);
      fs.writeFileSync(path.join(LOCK, 'pid'), String(process.pid));
      return;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
    }
    const holder = Number(readOr(path.join(LOCK, 'pid'), '0'));
    // A holder that died between making the folder and writing its pid left it without one.
    if ((holder > 0 && !alive(holder)) || (holder === 0 && ageMs(LOCK) > 10_000)) {
      fs.rmSync(LOCK, { recursive: true, force: true });
      continue;
    }
    if (Date.now() > deadline) throw new Error(`another build (process ${holder}) holds ${LOCK} for too long; remove it if no build runs`);
    if (!told) say(`waiting for the build another start runs (process ${holder || 'starting'})`);
    told = true;
    // A holder that has just made the folder may not have written its pid yet: wait and look again.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
  }
}

function ageMs(file) {
  try {
    return Date.now() - fs.statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

function readOr(file, fallback) {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return fallback;
  }
}

/** Builds into a folder no process runs from, then makes it the current one in one rename. */
function build(id) {
  const target = path.join(BUILDS, id);
  const staging = `${target}.tmp-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  fs.rmSync(target, { recursive: true, force: true }); // an unfinished build of the same sources (no .complete)
  const tsconfig = path.join(ROOT, 'apps/api', `tsconfig.build-${process.pid}.json`);
  fs.writeFileSync(tsconfig, JSON.stringify({ extends: './tsconfig.app.json', compilerOptions: { outDir: staging } }));
  const started = Date.now();
  say(`the sources changed: building ${id} (this takes a while; the next start with the same sources will not)`);
  try {
    const command = process.env.CRM_BUILD_COMMAND || 'npx nest build api -p {tsconfig}';
    // Nest takes the tsconfig's path relative to the project root.
    const run = spawnSync(command.replace('{tsconfig}', path.relative(ROOT, tsconfig)).replace('{outDir}', staging), { cwd: ROOT, shell: true, stdio: 'inherit' });
    if (run.status !== 0) throw new Error(`the build failed (exit ${run.status ?? run.signal})`);
    buildConsole(staging);
  } finally {
    fs.rmSync(tsconfig, { force: true });
  }
  fs.writeFileSync(path.join(staging, '.complete'), new Date().toISOString());
  fs.renameSync(staging, target);
  const link = `${CURRENT}.tmp-${process.pid}`;
  fs.rmSync(link, { force: true });
  fs.symlinkSync(path.join('builds', id), link);
  fs.renameSync(link, CURRENT);
  say(`built ${id} in ${Math.round((Date.now() - started) / 1000)} s`);
}

/** The web console's static files into the build's `console` folder, which the server serves at /console. */
function buildConsole(staging) {
  const config = path.join(ROOT, CONSOLE_CONFIG);
  if (!fs.existsSync(config)) return;
  const vite = path.join(ROOT, 'node_modules/vite/bin/vite.js');
  const run = spawnSync(process.execPath, [vite, 'build', '--config', config, '--outDir', path.join(staging, 'console')], { cwd: ROOT, stdio: 'inherit' });
  if (run.status !== 0) throw new Error(`the console's build failed (exit ${run.status ?? run.signal})`);
}

/** Drops the oldest builds, keeping the current one and the KEEP before it. */
function prune(id) {
  const builds = fs
    .readdirSync(BUILDS)
    .filter((name) => name !== id && !name.includes('.tmp-'))
    .map((name) => ({ name, at: fs.statSync(path.join(BUILDS, name)).mtimeMs }))
    .sort((a, b) => b.at - a.at);
  for (const { name } of builds.slice(KEEP)) fs.rmSync(path.join(BUILDS, name), { recursive: true, force: true });
}

function main() {
  const id = fingerprint();
  if (upToDate(id)) {
    say(`up to date (${id})`);
    return;
  }
  fs.mkdirSync(BUILDS, { recursive: true });
  lock();
  try {
    // Another start may have built these very sources while this one waited.
    if (upToDate(id)) {
      say(`up to date (${id}), built by another start`);
      return;
    }
    build(id);
    prune(id);
  } finally {
    fs.rmSync(LOCK, { recursive: true, force: true });
  }
}

try {
  main();
} catch (error) {
  process.stderr.write(`build: ${error.message}\n`);
  process.exit(1);
}
