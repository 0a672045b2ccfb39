/** npm run bench [-- scenario…]: runs the benchmarks under bench/ (never part of npm test). */
const scenarios = process.argv.slice(2);
const all = ['append', 'personal-data'];
for (const name of scenarios.length ? scenarios : all) {
  if (!all.includes(name)) {
    console.error(`unknown scenario '${name}'; known: ${all.join(', ')}`);
    process.exit(2);
  }
  require(`./${name}.bench`); // eslint-disable-line @typescript-eslint/no-require-imports
}
