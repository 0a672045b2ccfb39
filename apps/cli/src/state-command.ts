import { AGGREGATES, AsOf, stateAsOf } from '@crm/application';
import { Command } from 'commander';
import { AppConfig } from '../../api/src/config/app-config';
import { parseBusinessTime } from '../../api/src/commands/dto/fields';
import { revealedLog, runWith } from './composition/cli-composition';

/** `state <customer|lead|opportunity> <id> [--as-of]`: time travel from the command line. */
export function stateCommand(program: Command, config: () => AppConfig, setCode: (code: number) => void): void {
  program
    .command('state')
    .description('an aggregate as of a business time or a global position, folded from the log by its decider')
    .argument('<aggregate>', Object.keys(AGGREGATES).join(' | '))
    .argument('<id>')
    .option('--as-of <timeOrPosition>', 'ISO-8601 business time or a global position (default: now)')
    .action(async (aggregate: string, id: string, options: { asOf?: string }) => {
      if (!(aggregate in AGGREGATES)) {
        process.stderr.write(`unknown aggregate '${aggregate}'; known: ${Object.keys(AGGREGATES).join(', ')}\n`);
        return setCode(2);
      }
      const raw = options.asOf;
      const time = raw === undefined ? new Date().toISOString() : parseBusinessTime(raw);
      const asOf: AsOf | undefined = raw !== undefined && /^(0|[1-9][0-9]{0,39})$/.test(raw) ? { position: raw } : time ? { time } : undefined;
      if (!asOf) {
        process.stderr.write(`--as-of '${raw}' is neither a business time with a zone nor a global position\n`);
        return setCode(2);
      }
      const found = await runWith(config(), revealedLog, ({ events }) => stateAsOf(events, AGGREGATES[aggregate as keyof typeof AGGREGATES] as never, id, asOf));
      if (!found) {
        process.stderr.write(`${aggregate} '${id}' did not exist as of ${raw ?? 'now'}\n`);
        return setCode(1);
      }
      process.stdout.write(`${JSON.stringify(found, null, 2)}\n`);
    });
}
