import { StreamAlreadyExistsError, StreamNotFoundError } from '@crm/application';
import { RuleViolation } from '@crm/domain';
import { PlannedCommand } from './crm-sales.parser';

/** Refusals that mean "this was imported before": re-running an import is safe. */
const ALREADY_RULES = new Set(['customer-already-registered', 'opportunity-closed', 'order-already-recorded', 'stage-unchanged']);

export interface ImportOutcome {
  applied: Record<string, number>;
  alreadyPresent: number;
  refused: { command: string; file: string; row: number; reason: string }[];
}

export async function runImport(
  commands: readonly PlannedCommand[],
  send: (command: string, input: Record<string, unknown>) => Promise<unknown>,
  onProgress: (done: number) => void = () => undefined,
): Promise<ImportOutcome> {
  const outcome: ImportOutcome = { applied: {}, alreadyPresent: 0, refused: [] };
  let done = 0;
  for (const planned of commands) {
    try {
      await send(planned.command, planned.input);
      outcome.applied[planned.command] = (outcome.applied[planned.command] ?? 0) + 1;
    } catch (error) {
      const already =
        error instanceof StreamAlreadyExistsError ||
        (error instanceof RuleViolation && ALREADY_RULES.has(error.rule));
      if (already) outcome.alreadyPresent += 1;
      else if (error instanceof RuleViolation || error instanceof StreamNotFoundError) {
        outcome.refused.push({ command: planned.command, ...planned.source, reason: error.message });
      } else throw error;
    }
    onProgress(++done);
  }
  return outcome;
}
