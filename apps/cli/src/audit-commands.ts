import { AuditCheckpoints, AuditFilter, AuditLog, CheckpointRefused, CheckpointVerification } from '@crm/application';
import { Command } from 'commander';
import { createWriteStream, readFileSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { Writable } from 'node:stream';
import { loadCheckpointSigningKey } from '../../api/src/audit/audit-signing-key.factory';
import { AppConfig } from '../../api/src/config/app-config';
import { revealedLog, runWith, sealedLog } from './composition/cli-composition';

async function write(out: Writable, line: string): Promise<void> {
  if (!out.write(line)) await once(out, 'drain');
}

const warn = (message: string) => process.stderr.write(`${message}\n`);

/** A checkpoint file as JSON, or one line saying why not (exit 2). */
function readCheckpointFile(file: string, setCode: (code: number) => void): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    process.stderr.write(`${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : 'not a JSON checkpoint'}\n`);
    setCode(2);
    return undefined;
  }
}

/** One line per finding, for people; the JSON on stdout holds the same for tools. */
function describeFindings(result: CheckpointVerification): string[] {
  const lines = (['broken', 'missing', 'added', 'moved'] as const).flatMap((kind) => result[kind].map((f) => `${kind} ${f.streamId} version ${f.version}: ${f.reason}`));
  if (!result.atCheckpoint.matches) lines.push(`the log at position ${result.checkpoint.position} no longer has the checkpoint's Merkle root`);
  return lines;
}

/** `audit export|verify|stream|checkpoint`: the auditor's tools, on the same log the server writes. */
export function auditCommands(program: Command, config: () => AppConfig, setCode: (code: number) => void): void {
  const audit = program.command('audit').description('read, export and verify the event log');

  audit
    .command('export')
    .description('every event (or those matching the filters) as NDJSON, in global order')
    .option('--out <file>', 'write to a file instead of standard output')
    .option('--after <position>', 'only events after this global position')
    .option('--stream <streamId>')
    .option('--customer <customerId>', 'the customer\'s own, its leads\' and its opportunities\' events')
    .option('--type <eventType>')
    .option('--actor <actor>')
    .option('--correlation <correlationId>')
    .option('--from <time>', 'business time, inclusive')
    .option('--to <time>', 'business time, inclusive')
    .action(async (options: Record<string, string | undefined>) => {
      const filter: AuditFilter = {
        streamId: options.stream,
        customerId: options.customer,
        type: options.type,
        actor: options.actor,
        correlationId: options.correlation,
        from: options.from,
        to: options.to,
      };
      const out: Writable = options.out ? createWriteStream(options.out) : process.stdout;
      let count = 0;
      await runWith(config(), revealedLog, async ({ events: store }) => {
        for await (const event of new AuditLog(store).events(filter, options.after)) {
          await write(out, `${JSON.stringify(event)}\n`);
          count += 1;
        }
      });
      if (options.out) await new Promise((resolve) => out.end(resolve));
      process.stderr.write(`${count} events exported\n`);
    });

  audit
    .command('verify')
    .description("recompute every stream's hash chain; with --against, also name every event missing, added or moved since that checkpoint; exit 1 and name each problem if any")
    .option('--stream <streamId>', 'only this stream')
    .option('--against <file>', 'a checkpoint from `audit checkpoint` or GET /audit/checkpoint')
    .action(async (options: { stream?: string; against?: string }) => {
      if (options.against === undefined) {
        // Hash chains cover the fields as stored: verifying needs no key store.
        const result = await runWith(config(), sealedLog, ({ sealed }) => new AuditLog(sealed).verify(options.stream));
        process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
        if (!result.ok) setCode(1);
        return;
      }
      if (options.stream !== undefined) {
        process.stderr.write('--against verifies the whole log; it does not take --stream\n');
        return setCode(2);
      }
      const checkpoint = readCheckpointFile(options.against, setCode);
      if (checkpoint === undefined) return;
      const settings = config();
      const key = loadCheckpointSigningKey(settings, warn);
      try {
        const result = await runWith(settings, sealedLog, ({ sealed }) => new AuditCheckpoints(sealed, key).verify(checkpoint));
        process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
        for (const line of describeFindings(result)) process.stderr.write(`${line}\n`);
        if (!result.ok) setCode(1);
      } catch (error) {
        if (!(error instanceof CheckpointRefused)) throw error;
        process.stderr.write(`${options.against}: ${error.message}\n`);
        for (const { field, message } of error.errors) process.stderr.write(`  ${field || '(the file)'}: ${message}\n`);
        setCode(2);
      }
    });

  audit
    .command('checkpoint')
    .description('a signed head of the whole log (position, streams, events, Merkle root, every stream\'s head) to keep outside the system')
    .option('--out <file>', 'write to a file instead of standard output')
    .action(async (options: { out?: string }) => {
      const settings = config();
      const key = loadCheckpointSigningKey(settings, warn);
      const checkpoint = await runWith(settings, sealedLog, ({ sealed }) => new AuditCheckpoints(sealed, key).take());
      const json = `${JSON.stringify(checkpoint, null, 2)}\n`;
      if (options.out) writeFileSync(options.out, json);
      else process.stdout.write(json);
      process.stderr.write(`checkpoint at position ${checkpoint.position ?? '(empty log)'}: ${checkpoint.streams} streams, ${checkpoint.events} events, signed by key ${checkpoint.keyId}\n`);
    });

  audit
    .command('stream')
    .description('one stream, every version, as NDJSON')
    .argument('<streamId>')
    .action(async (streamId: string) => {
      const events = await runWith(config(), revealedLog, ({ events }) => new AuditLog(events).stream(streamId));
      if (events.length === 0) {
        process.stderr.write(`stream '${streamId}' does not exist\n`);
        setCode(1);
      }
      for (const event of events) await write(process.stdout, `${JSON.stringify(event)}\n`);
    });
}
