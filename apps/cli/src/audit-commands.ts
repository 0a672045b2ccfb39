import { AuditFilter, AuditLog } from '@crm/application';
import { Command } from 'commander';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { Writable } from 'node:stream';
import { AppConfig } from '../../api/src/config/app-config';
import { withEventStore } from './with-event-store';

async function write(out: Writable, line: string): Promise<void> {
  if (!out.write(line)) await once(out, 'drain');
}

/** `audit export|verify|stream`: the auditor's tools, on the same log the server writes. */
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
      await withEventStore(config(), async ({ events: store }) => {
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
    .description("recompute every stream's hash chain; exit 1 and name each broken link if any")
    .option('--stream <streamId>', 'only this stream')
    .action(async (options: { stream?: string }) => {
      const result = await withEventStore(config(), ({ events, sealed }) => new AuditLog(events, sealed).verify(options.stream));
      process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      if (!result.ok) setCode(1);
    });

  audit
    .command('stream')
    .description('one stream, every version, as NDJSON')
    .argument('<streamId>')
    .action(async (streamId: string) => {
      const events = await withEventStore(config(), ({ events }) => new AuditLog(events).stream(streamId));
      if (events.length === 0) {
        process.stderr.write(`stream '${streamId}' does not exist\n`);
        setCode(1);
      }
      for (const event of events) await write(process.stdout, `${JSON.stringify(event)}\n`);
    });
}
