/** Numbers and dates as the console shows them. */
const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const money = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const percent = new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 1 });
const dateTime = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });

const date = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' });

const number = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

/** Any number, to at most two decimals. */
export const formatNumber = (value: number) => number.format(value);

export const formatInteger = (value: number | null | undefined) => (value === null || value === undefined ? '—' : integer.format(value));

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : `${dateTime.format(date)} UTC`;
}

/** A day, in UTC like every business time the API gives. */
export function formatDate(value: string | number | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  const day = new Date(value);
  return Number.isNaN(day.getTime()) ? String(value) : date.format(day);
}

/** A duration in milliseconds, in the largest unit that keeps it readable. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${integer.format(ms)} ms`;
  if (ms < 120_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${integer.format(ms / 60_000)} min`;
}

/** An amount as the API gives it (a number in the account's currency), to two decimals. */
export const formatMoney = (value: number | null | undefined) => (value === null || value === undefined ? '—' : money.format(value));

/** A fraction (0–1) as a percentage; none (no base to divide by) as a dash. */
export const formatPercent = (value: number | null | undefined) => (value === null || value === undefined ? '—' : percent.format(value));
