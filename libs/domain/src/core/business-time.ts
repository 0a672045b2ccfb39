const DAY_MS = 24 * 60 * 60 * 1000;

/** Business times travel as ISO-8601 strings; arithmetic happens in epoch milliseconds. */
export function toMillis(iso: string): number {
  return Date.parse(iso);
}

export function addDays(iso: string, days: number): string {
  return new Date(toMillis(iso) + days * DAY_MS).toISOString();
}

/** True when `later` is more than `days` days after `earlier` (strictly). */
export function isMoreThanDaysAfter(later: string, earlier: string, days: number): boolean {
  return toMillis(later) - toMillis(earlier) > days * DAY_MS;
}

export function latest(a: string | undefined, b: string): string {
  return a === undefined || toMillis(b) > toMillis(a) ? b : a;
}

export function isBefore(a: string, b: string): boolean {
  return toMillis(a) < toMillis(b);
}
