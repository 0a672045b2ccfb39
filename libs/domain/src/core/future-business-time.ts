import { RuleViolation } from './domain-errors';

export const BUSINESS_TIME_IN_FUTURE = 'business-time-in-future';

/** The default of CRM_FUTURE_TOLERANCE_SECONDS: clocks of the sending services may run a little ahead. */
export const DEFAULT_FUTURE_TOLERANCE_SECONDS = 300;

/** The latest business time a command may carry when the server's clock reads `now`. */
export function latestAcceptedBusinessTime(now: string, toleranceSeconds: number): string {
  return new Date(Date.parse(now) + toleranceSeconds * 1000).toISOString();
}

/**
 * Refuses a business time too far ahead of the server's clock. The log is append-only: one
 * mistyped year would otherwise move every customer's recency, dormancy and RFM for good.
 */
export function refuseFutureBusinessTime(at: string, now: string, toleranceSeconds: number, what: string): void {
  const latest = latestAcceptedBusinessTime(now, toleranceSeconds);
  if (Date.parse(at) > Date.parse(latest)) {
    throw new RuleViolation(
      BUSINESS_TIME_IN_FUTURE,
      `${what} ${at} is more than ${toleranceSeconds} s ahead of the server's clock (${now}); business times from the future are refused`,
    );
  }
}

/** The clock recency is measured from: the latest business time in the store, never past the server's own clock. */
export function recencyReference(latestInStore: string | undefined, now: string): string {
  return latestInStore === undefined || Date.parse(latestInStore) > Date.parse(now) ? now : latestInStore;
}
