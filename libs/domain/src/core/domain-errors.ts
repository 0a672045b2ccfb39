/**
 * Typed refusals. The domain names the rule; only the HTTP edge maps these to statuses
 * (RuleViolation → 422, AggregateNotFound → 404).
 */
export class RuleViolation extends Error {
  override readonly name = 'RuleViolation';
  constructor(
    readonly rule: string,
    message: string,
  ) {
    super(message);
  }
}

export type AggregateName = 'lead' | 'customer' | 'opportunity';

/**
 * The one not-found: the aggregate (its stream) a command targets or requires does not exist,
 * whether the decider finds out or the command service does before deciding.
 */
export class AggregateNotFound extends Error {
  override readonly name = 'AggregateNotFound';
  constructor(
    readonly aggregate: AggregateName,
    readonly id: string,
  ) {
    super(`${aggregate} '${id}' does not exist`);
  }
}
