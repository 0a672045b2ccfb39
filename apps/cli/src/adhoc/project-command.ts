import { Presets, SingleBar } from 'cli-progress';
import { Command } from 'commander';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { AppConfig } from '../../../api/src/config/app-config';
import { readModels, revealedLog, runWith } from '../composition/cli-composition';
import { projectionFrom } from './adhoc-projection';
import { parseBound, runAdhoc, toCsv } from './run-adhoc';

/** `project <file>`: run an analyst's projection file over history, without the server. */
export function projectCommand(program: Command, config: () => AppConfig, setCode: (code: number) => void): void {
  program
    .command('project')
    .description('run an ad-hoc projection file (TypeScript or JavaScript) over the event log')
    .argument('<file>', 'exports { name, eventTypes?, initialState, handlers, rows? }; see examples/projections/')
    .option('--from <timeOrPosition>', 'first business time or global position to include')
    .option('--until <timeOrPosition>', 'last business time or global position to include')
    .option('--format <format>', 'ndjson or csv', 'ndjson')
    .option('--out <file>', 'write to a file instead of standard output')
    .option('--collection <name>', 'write the rows as documents of this read-store collection (adhoc_<name>), keyed by their `key`')
    .action(async (file: string, options: { from?: string; until?: string; format: string; out?: string; collection?: string }) => {
      if (!['ndjson', 'csv'].includes(options.format)) {
        process.stderr.write(`--format must be ndjson or csv (got '${options.format}')\n`);
        return setCode(2);
      }
      if (options.collection !== undefined && !/^[A-Za-z0-9_.-]{1,60}$/.test(options.collection)) {
        process.stderr.write('--collection must be 1-60 characters of A-Z a-z 0-9 _ . -\n');
        return setCode(2);
      }
      const path = resolve(file);
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const projection = projectionFrom(require(path), file);
      const bounds = { from: parseBound(options.from), until: parseBound(options.until) };
      const started = Date.now();
      // Projections see personal fields sealed, as the server's do; rows written to files are
      // revealed (or read "[erased]"), rows kept in a collection stay sealed like every read model.
      const { rows, revealed, events } = await runWith(config(), revealedLog, async ({ sealed: store, vault }) => {
        const head = Number((await store.headPosition()) ?? 0);
        const bar = new SingleBar({ format: `${projection.name} [{bar}] {percentage}% of the log, eta {eta}s`, stream: process.stderr }, Presets.shades_classic);
        bar.start(Number.isSafeInteger(head) && head > 0 ? head : 1, 0);
        try {
          const result = await runAdhoc(store, projection, bounds, (position) => Number.isSafeInteger(Number(position)) && bar.update(Number(position)));
          return { ...result, revealed: await vault.reveal(result.rows) };
        } finally {
          bar.update(bar.getTotal());
          bar.stop();
        }
      });

      if (options.collection !== undefined) {
        const collection = `adhoc_${options.collection}`;
        await runWith(config(), readModels, async ({ reads }) => {
          await reads.dropCollection(collection);
          await reads.applyBatch(rows.map((row, i) => ({ type: 'upsert', collection, document: { ...row, id: String(row.key ?? i) } })));
        });
      }
      const text = options.format === 'csv' ? toCsv(revealed) : revealed.map((row) => `${JSON.stringify(row)}\n`).join('');
      if (options.out) writeFileSync(options.out, text);
      else if (options.collection === undefined) process.stdout.write(text);
      const seconds = (Date.now() - started) / 1000;
      process.stderr.write(`${projection.name}: ${events} events folded into ${rows.length} rows in ${seconds.toFixed(1)} s${options.collection ? `; written to adhoc_${options.collection}` : ''}\n`);
    });
}
