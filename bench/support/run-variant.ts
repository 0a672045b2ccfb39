/** Child-process entry of inChild(): runs one exported variant and prints its result as the last line. */
const [modulePath, variant, args] = process.argv.slice(2);
// eslint-disable-next-line @typescript-eslint/no-require-imports
const variants = require(modulePath).variants as Record<string, (args: unknown) => Promise<Record<string, number>>>;
const run = variants?.[variant];
if (!run) {
  console.error(`no variant '${variant}' in ${modulePath}`);
  process.exit(2);
}
run(JSON.parse(args)).then(
  (result) => {
    process.stdout.write(`\n${JSON.stringify(result)}\n`);
    process.exit(0);
  },
  (error) => {
    console.error(error);
    process.exit(1);
  },
);

export {};
