import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';

/** What every results file records about where it was measured. */
export function machine() {
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    // The results a run writes itself do not make the code it measured dirty.
    const changed = execFileSync('git', ['status', '--porcelain', '--untracked-files=no', '--', '.', ':!bench/results', ':!BENCHMARKS.md'], { encoding: 'utf8' });
    if (changed.trim()) commit += '+dirty';
  } catch {
    // not a git checkout: leave it unknown
  }
  return { cores: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version, commit, date: new Date().toISOString() };
}

export interface Stats {
  min: number;
  median: number;
  max: number;
  runs: number[];
}

export function stats(values: number[]): Stats {
  const sorted = [...values].sort((a, b) => a - b);
  return { min: sorted[0], median: sorted[Math.floor(sorted.length / 2)], max: sorted[sorted.length - 1], runs: values };
}

export const RUNS = Number(process.env.BENCH_RUNS ?? 3);

/** The result one variant reports from its child process. */
export type Measured = Record<string, number>;

const ROOT = resolve(__dirname, '../..');

/**
 * Runs one variant in a fresh Node process, so that each measurement (and its peak RSS) starts
 * from an empty heap and no variant warms the page cache or JIT for the next one unfairly.
 */
export function inChild(module: string, variant: string, args: Record<string, unknown>): Promise<Measured> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(
      process.execPath,
      ['--expose-gc', '-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', join(__dirname, 'run-variant.ts'), module, variant, JSON.stringify(args)],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.on('exit', (code) => {
      const last = out.trim().split('\n').pop() ?? '';
      if (code === 0 && last.startsWith('{')) resolvePromise(JSON.parse(last));
      else reject(new Error(`${module} ${variant} exited with ${code}: ${out.slice(-2000)}`));
    });
  });
}

/** Samples RSS while `work` runs; resolves with its result and the peak seen. */
export async function withPeakRss<T>(work: () => Promise<T>): Promise<{ result: T; peakRssMiB: number }> {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 10);
  try {
    const result = await work();
    peak = Math.max(peak, process.memoryUsage.rss());
    return { result, peakRssMiB: Math.round(peak / 2 ** 20) };
  } finally {
    clearInterval(timer);
  }
}

export const seconds = (since: bigint) => Number(process.hrtime.bigint() - since) / 1e9;

export interface Row {
  variant: string;
  /** What the variant did that the others did not, or why it has no figure. */
  note?: string;
  values: Record<string, Stats | string>;
}

const fmt = (value: number) => (Math.abs(value) >= 100 ? Math.round(value).toLocaleString('en-US') : value.toFixed(value >= 10 ? 1 : 2));

/** Prints the table and writes bench/results/<scenario>.json. */
export function report(scenario: string, description: string, columns: string[], rows: Row[], extra: Record<string, unknown> = {}): void {
  const lines = [`| variant | ${columns.join(' | ')} | note |`, `| --- | ${columns.map(() => '---:').join(' | ')} | --- |`];
  for (const row of rows) {
    const cells = columns.map((column) => {
      const value = row.values[column];
      if (value === undefined) return '—';
      if (typeof value === 'string') return value;
      return value.runs.length > 1 ? `${fmt(value.median)} (${fmt(value.min)}–${fmt(value.max)})` : fmt(value.median);
    });
    lines.push(`| ${row.variant} | ${cells.join(' | ')} | ${row.note ?? ''} |`);
  }
  console.log(`\n## ${scenario}\n\n${description}\n\n${lines.join('\n')}\n`);
  const dir = join(ROOT, 'bench/results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${scenario}.json`), `${JSON.stringify({ scenario, description, machine: machine(), columns, rows, ...extra, table: lines }, null, 2)}\n`);
}

export const workDir = (name: string) => {
  const dir = join(ROOT, 'bench/.work', name);
  mkdirSync(dir, { recursive: true });
  return dir;
};
