import { spawnSync } from 'node:child_process';
import { writeBenchmarksMd } from './benchmarks-md';

/** npm run bench [-- scenario…]: runs the benchmarks under bench/ (never part of npm test). */
const all = ['append', 'replay', 'export', 'http', 'growth', 'personal-data', 'import'];
const scenarios = process.argv.slice(2);

/** The peer and the load generator live in bench/package.json, out of the project's own install and CI. */
function ensureBenchDependencies(): void {
  try {
    require.resolve('@event-driven-io/emmett-sqlite', { paths: [__dirname] });
    require.resolve('autocannon', { paths: [__dirname] });
  } catch {
    console.log('installing the benchmarks\' own dependencies (Emmett, autocannon) into bench/node_modules: npm ci --prefix bench');
    const installed = spawnSync('npm', ['ci', '--prefix', __dirname, '--no-audit', '--no-fund'], { stdio: 'inherit' });
    if (installed.status !== 0) process.exit(installed.status ?? 1);
  }
}

/** The root typecheck (npm test) leaves bench/ out, so a benchmark that no longer compiles fails here, before a long run. */
function typecheckBenchmarks(): void {
  const checked = spawnSync('npx', ['tsc', '-p', `${__dirname}/tsconfig.json`, '--noEmit'], { stdio: 'inherit' });
  if (checked.status !== 0) process.exit(checked.status ?? 1);
}

async function run(): Promise<void> {
  ensureBenchDependencies();
  typecheckBenchmarks();
  for (const name of scenarios.length ? scenarios : all) {
    if (!all.includes(name)) {
      console.error(`unknown scenario '${name}'; known: ${all.join(', ')}`);
      process.exit(2);
    }
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    await (require(`./${name}.bench`) as { main(): Promise<void> }).main();
  }
  writeBenchmarksMd();
  console.log('BENCHMARKS.md written from bench/results/');
}

// A promise that can never settle leaves the event loop empty, and Node would exit 0 as if all
// had run: say so and fail instead.
let finished = false;
process.on('beforeExit', () => {
  if (finished) return;
  console.error('the benchmarks stopped with work still awaited (a promise that can never settle); results are incomplete');
  process.exit(1);
});

run().then(
  () => {
    finished = true;
    process.exit(0);
  },
  (error) => {
    console.error(error);
    process.exit(1);
  },
);

export {};
