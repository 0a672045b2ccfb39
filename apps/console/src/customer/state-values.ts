import { formatDateTime, formatNumber } from '../format';

/** A field of the decider's state as a label: camelCase into words. */
export const words = (field: string) => field.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase().replace(/^./, (first) => first.toUpperCase());

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** A value of the state as the rest of the page shows values: times and numbers formatted, a flat object as its fields. */
export function shown(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'string') return ISO_TIME.test(value) ? formatDateTime(value) : value;
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (Array.isArray(value)) return value.length === 0 ? '—' : value.map(shown).join('; ');
  const fields = Object.entries(value as Record<string, unknown>);
  return fields.length === 0 ? '—' : fields.map(([name, inner]) => `${words(name)}: ${shown(inner)}`).join(', ');
}
