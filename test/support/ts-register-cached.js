/**
 * What `-r ts-node/register/transpile-only` does for the processes tests start (servers,
 * projectors, the CLI), plus a disk cache of the output: transpiling the app's files took about
 * 7 of the 9 CPU-seconds of each start, and suites start dozens of processes from unchanged
 * sources. Same compiler, same tsconfig options, one file at a time (isolatedModules), so the
 * output is what ts-node would give; a file's cache entry is keyed by its path and content, the
 * TypeScript version and the options. Stack traces point into the .ts files (inline source maps,
 * read by --enable-source-maps).
 */
const { createHash } = require('node:crypto');
const { mkdirSync, readFileSync, renameSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const project = process.env.TS_NODE_PROJECT || join(process.cwd(), 'tsconfig.json');
const cacheDir = join(tmpdir(), 'crm-test-ts-cache');
let compiler;

/** TypeScript and the project's options, loaded only on a cache miss (loading TypeScript alone costs 0.4 s). */
function load() {
  if (compiler) return compiler;
  const ts = require('typescript');
  const parsed = ts.getParsedCommandLineOfConfigFile(project, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n')); } });
  const options = { ...parsed.options, sourceMap: false, inlineSourceMap: true, inlineSources: true, declaration: false, noEmit: false, outDir: undefined };
  compiler = { ts, options };
  return compiler;
}

const optionsKey = createHash('sha256').update(readFileSync(project)).update(require('typescript/package.json').version).digest('hex');

require.extensions['.ts'] = function compileTs(module, filename) {
  const source = readFileSync(filename, 'utf8');
  const entry = join(cacheDir, `${createHash('sha256').update(optionsKey).update(filename).update('\0').update(source).digest('hex')}.js`);
  let output;
  try {
    output = readFileSync(entry, 'utf8');
  } catch {
    const { ts, options } = load();
    output = ts.transpileModule(source, { compilerOptions: options, fileName: filename }).outputText;
    mkdirSync(cacheDir, { recursive: true });
    // Written whole, then renamed into place: a process starting beside this one never reads half a file.
    const draft = `${entry}.${process.pid}`;
    writeFileSync(draft, output);
    renameSync(draft, entry);
  }
  module._compile(output, filename);
};
