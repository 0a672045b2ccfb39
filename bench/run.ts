/** npm run bench [-- scenario…]: runs the benchmarks under bench/ (never part of npm test). */
const all = ['append', 'replay', 'export', 'http', 'growth', 'personal-data'];
const scenarios = process.argv.slice(2);

async function run(): Promise<void> {
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
