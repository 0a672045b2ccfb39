import 'reflect-metadata';
import { Command } from 'commander';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AppConfig, ConfigError, parseConfig } from '../../api/src/config/app-config';
import { auditCommands } from './audit-commands';
import { stateCommand } from './state-command';
import { rebuildCommand } from './rebuild-command';
import { keysCommand } from './keys-command';
import { projectCommand } from './adhoc/project-command';
import { InvalidProjectionFile } from './adhoc/adhoc-projection';
import { planCrmSalesImport } from './importers/crm-sales.parser';
import { importProgress } from './importers/import-progress';
import { importPlanned } from './importers/run-import';

const DEFAULT_DATASET = join(__dirname, '../../../../shared/datasets/crm-sales-opportunities');

async function importCrmSales(config: AppConfig, directory: string, options: { dryRun?: boolean; skipInvalid?: boolean }): Promise<number> {
  const read = (name: string) => readFileSync(join(directory, name), 'utf8');
  const plan = planCrmSalesImport({ accounts: read('accounts.csv'), products: read('products.csv'), salesTeams: read('sales_teams.csv'), pipeline: read('sales_pipeline.csv') });
  for (const error of plan.errors) console.error(`${error.file} row ${error.row}, column ${error.column}: ${error.reason}`);
  for (const skip of plan.skipped) console.error(`skipping ${skip.rows.length} rows: ${skip.reason}`);
  console.error(`${plan.totals.accounts} accounts and ${plan.totals.deals} deals read; ${plan.commands.length} commands planned; ${plan.errors.length} malformed rows`);
  if (plan.errors.length > 0 && !options.skipInvalid) {
    console.error('Nothing was imported. Fix the rows above, or pass --skip-invalid to import the valid rows only.');
    return 2;
  }
  if (options.dryRun) return 0;

  const correlationId = randomUUID();
  const started = Date.now();
  const bar = importProgress();
  bar.start(plan.commands.length);
  try {
    const outcome = await importPlanned(config, plan.commands, { correlationId, onProgress: (done) => bar.update(done) });
    bar.stop();
    const seconds = (Date.now() - started) / 1000;
    const { applied, alreadyPresent, replayed, refused } = outcome;
    console.log(JSON.stringify({ applied, alreadyPresent, replayed, refused: refused.length, seconds, correlationId }, null, 2));
    for (const refusal of refused) console.error(`${refusal.file} row ${refusal.row} (${refusal.command}) refused: ${refusal.reason}`);
    return refused.length > 0 ? 1 : 0;
  } finally {
    bar.stop();
  }
}

async function main(argv: string[]): Promise<number> {
  let config: AppConfig;
  try {
    config = parseConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Invalid configuration: ${error.message}`);
      return 1;
    }
    throw error;
  }
  let code = 0;
  const program = new Command('crm').description('CRM backend command line: imports and tools that run against CRM_DATA_DIR');
  program
    .command('import')
    .description('import a public data set as commands, each under its own Idempotency-Key (a re-run replays them)')
    .argument('<dataset>', 'crm-sales (Maven Analytics CRM Sales Opportunities)')
    .argument('[directory]', 'the data set folder', DEFAULT_DATASET)
    .option('--dry-run', 'validate the files and plan the commands, send nothing')
    .option('--skip-invalid', 'import the valid rows even when some are malformed (each is still reported)')
    .action(async (dataset: string, directory: string, options: { dryRun?: boolean; skipInvalid?: boolean }) => {
      if (dataset !== 'crm-sales') {
        console.error(`unknown data set '${dataset}'; known: crm-sales`);
        code = 2;
        return;
      }
      code = await importCrmSales(config, resolve(directory), options);
    });
  auditCommands(program, () => config, (value) => (code = value));
  stateCommand(program, () => config, (value) => (code = value));
  projectCommand(program, () => config, (value) => (code = value));
  rebuildCommand(program, () => config, (value) => (code = value));
  keysCommand(program, () => config);
  await program.parseAsync(argv);
  return code;
}

// A reader that stops early (`| head`) closes the pipe: that is the end of the output, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

main(process.argv).then(
  (code) => process.exit(code),
  (error) => {
    // A mistake in what the user gave us is one clear line; anything else keeps its stack for a bug report.
    const userError = error instanceof InvalidProjectionFile || error instanceof ConfigError || (error instanceof Error && /is neither a business time nor a global position/.test(error.message));
    console.error(userError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(userError ? 2 : 1);
  },
);
