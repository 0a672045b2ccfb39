import { IdempotentCommandService, PUBLIC_COMMANDS, ReplayedRefusal } from '@crm/application';
import { randomUUID } from 'node:crypto';
import { AppConfig } from '../../../api/src/config/app-config';
import { importCommands, runWith } from '../composition/cli-composition';
import { PlannedCommand } from './crm-sales.parser';
import { importRefusal } from './import-refusals';

/**
 * Who imports: the actor of the imported events and the principal its Idempotency-Keys are scoped
 * to. An API key's principal cannot hold a colon, so no HTTP client shares these keys.
 */
export const IMPORT_PRINCIPAL = 'cli:import';

export interface ImportOutcome {
  applied: Record<string, number>;
  /** Imported before: answered by its Idempotency-Key, or refused as already done (a log imported before the keys). */
  alreadyPresent: number;
  /** Commands an Idempotency-Key answered with an earlier run's outcome (applied or refused then): nothing was sent again. */
  replayed: number;
  refused: { command: string; file: string; row: number; reason: string }[];
}

/** Sends one planned command; `replayed` when its Idempotency-Key answered it from an earlier run. */
export type SendPlanned = (planned: PlannedCommand) => Promise<{ replayed: boolean }>;

/**
 * Commands in flight at once: group commit then shares each of the log's commits among a few
 * dozen appends (measured on crm-sales: 16 took 21–22 s, 64 took 17–18 s; see
 * bench/results/import-crm-sales.md).
 */
export const IMPORT_CONCURRENCY = 64;

/**
 * Sends the plan with up to IMPORT_CONCURRENCY commands in flight, each after every earlier command
 * of its lane (its customer) has settled: one customer's history lands in the log in the plan's
 * order, as a sequential import would write it, while other customers' commands share commits.
 * Refusals are reported in the plan's order; any other error stops the import once the commands
 * in flight have settled, and is thrown.
 */
export async function runImport(commands: readonly PlannedCommand[], send: SendPlanned, onProgress: (done: number) => void = () => undefined): Promise<ImportOutcome> {
  const outcome: ImportOutcome = { applied: {}, alreadyPresent: 0, replayed: 0, refused: [] };
  const refused: { index: number; entry: ImportOutcome['refused'][number] }[] = [];
  let done = 0;
  let failure: { error: unknown } | undefined;
  const sendOne = async (planned: PlannedCommand, index: number) => {
    try {
      const { replayed } = await send(planned);
      if (replayed) {
        outcome.alreadyPresent += 1;
        outcome.replayed += 1;
      } else outcome.applied[planned.command] = (outcome.applied[planned.command] ?? 0) + 1;
    } catch (error) {
      const refusal = importRefusal(error);
      if (!refusal) throw error;
      if (error instanceof ReplayedRefusal) outcome.replayed += 1;
      if (refusal.alreadyPresent) outcome.alreadyPresent += 1;
      else refused.push({ index, entry: { command: planned.command, ...planned.source, reason: refusal.reason } });
    }
    onProgress(++done);
  };
  await inLanes(commands, IMPORT_CONCURRENCY, async (planned, index) => {
    if (failure) return;
    await sendOne(planned, index).catch((error: unknown) => {
      failure ??= { error };
    });
  });
  if (failure) throw failure.error;
  outcome.refused = refused.sort((a, b) => a.index - b.index).map(({ entry }) => entry);
  return outcome;
}

/** Runs `run` for each command, at most `limit` at a time, each one after the earlier ones of its lane. */
async function inLanes(commands: readonly PlannedCommand[], limit: number, run: (planned: PlannedCommand, index: number) => Promise<void>): Promise<void> {
  const laneTail = new Map<string, Promise<void>>();
  const slots = new Slots(limit);
  const all = commands.map((planned, index) => {
    const after = laneTail.get(planned.lane) ?? Promise.resolve();
    const settled = after.then(() => slots.use(() => run(planned, index)));
    laneTail.set(planned.lane, settled);
    return settled;
  });
  await Promise.all(all);
}

/** A counting semaphore: at most `limit` tasks at once, the others queued in the order they asked. */
class Slots {
  private free: number;
  private readonly queue: (() => void)[] = [];

  constructor(limit: number) {
    this.free = limit;
  }

  async use(task: () => Promise<void>): Promise<void> {
    if (this.free > 0) this.free -= 1;
    else await new Promise<void>((resume) => this.queue.push(resume));
    try {
      await task();
    } finally {
      const next = this.queue.shift();
      if (next) next();
      else this.free += 1;
    }
  }
}

/** Each planned command through the idempotent command service, under its own Idempotency-Key. */
export function sendThrough(commands: IdempotentCommandService, correlationId: string): SendPlanned {
  return async ({ command, input, key }) => {
    const spec = PUBLIC_COMMANDS[command];
    const context = { actor: IMPORT_PRINCIPAL, correlationId, now: new Date().toISOString() };
    const { replayed } = await commands.execute(spec, input, context, { principal: IMPORT_PRINCIPAL, key, command, body: input });
    return { replayed };
  };
}

/** An import as `crm import` runs it: only the import's composition open, closed at the end. */
export function importPlanned(
  config: AppConfig,
  commands: readonly PlannedCommand[],
  options: { correlationId: string; onProgress?: (done: number) => void },
): Promise<ImportOutcome> {
  return runWith(config, importCommands, ({ commands: service }) => runImport(commands, sendThrough(service, options.correlationId), options.onProgress));
}
