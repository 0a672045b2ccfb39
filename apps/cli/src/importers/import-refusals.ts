import { IdempotencyKeyReusedError, ReplayedRefusal, StreamAlreadyExistsError } from '@crm/application';
import { AggregateNotFound, RuleViolation } from '@crm/domain';

/** Refusals that mean "this was imported before": re-running an import is safe. */
const ALREADY_RULES = new Set(['customer-already-registered', 'opportunity-closed', 'order-already-recorded', 'stage-unchanged']);

/** A refusal as an import's Idempotency-Key keeps it, to be replayed on a re-run. */
interface StoredRefusal {
  rule?: string;
  detail: string;
}

/**
 * The refusals an import's key replays: as over HTTP, those that do not depend on timing (a rule
 * refused it: 422, its target does not exist: 404). Conflicts and faults are run afresh.
 */
export function replayableImportRefusal(error: unknown): { status: number; body: string } | undefined {
  const stored = (status: number, refusal: StoredRefusal) => ({ status, body: JSON.stringify(refusal) });
  if (error instanceof RuleViolation) return stored(422, { rule: error.rule, detail: error.message });
  if (error instanceof AggregateNotFound) return stored(404, { detail: error.message });
  return undefined;
}

/**
 * A command the import could not apply, refused now or replayed from the first run: already
 * present (imported before), refused (reported, exit 1), or undefined for a fault that stops it.
 */
export function importRefusal(error: unknown): { alreadyPresent: boolean; reason: string } | undefined {
  if (error instanceof StreamAlreadyExistsError) return { alreadyPresent: true, reason: error.message };
  if (error instanceof RuleViolation) return { alreadyPresent: ALREADY_RULES.has(error.rule), reason: error.message };
  if (error instanceof AggregateNotFound) return { alreadyPresent: false, reason: error.message };
  if (error instanceof ReplayedRefusal) {
    const refusal = error.body as StoredRefusal;
    return { alreadyPresent: refusal.rule !== undefined && ALREADY_RULES.has(refusal.rule), reason: refusal.detail };
  }
  // The row's command was imported before with other values: the log keeps what was imported.
  if (error instanceof IdempotencyKeyReusedError) return { alreadyPresent: false, reason: 'it was imported before with other values; the log keeps those' };
  return undefined;
}
