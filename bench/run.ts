import { spawnSync } from 'node:child_process';

/** npm run bench [-- scenario…]: runs the benchmarks under bench/ (never part of npm test). */
const all = ['append', 'replay', 'export', 'http', 'growth', 'personal-data'];
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

async function run(): Promise<void> {
  ensureBenchDependencies();
  for (const name of scenarios.length ? scenarios : all) {
    if (!all.includes(name)) {
      console.error(`unknown scenario '${name}'; known: ${all.join(', ')}`);
      process.exit(2);
    }
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    await (require(`./${name}.bench`) as { main(): Promise<void> }).main();
  }
}

run().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);

export {};
