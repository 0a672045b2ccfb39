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

export async function runImport(commands: readonly PlannedCommand[], send: SendPlanned, onProgress: (done: number) => void = () => undefined): Promise<ImportOutcome> {
  const outcome: ImportOutcome = { applied: {}, alreadyPresent: 0, replayed: 0, refused: [] };
  let done = 0;
  for (const planned of commands) {
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
      else outcome.refused.push({ command: planned.command, ...planned.source, reason: refusal.reason });
    }
    onProgress(++done);
  }
  return outcome;
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
