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

export class AggregateNotFound extends Error {
  override readonly name = 'AggregateNotFound';
  constructor(
    readonly aggregate: 'lead' | 'customer' | 'opportunity',
    readonly id: string,
  ) {
    super(`${aggregate} '${id}' does not exist`);
  }
}
