/**
 * Time from first contact to first purchase, by lead source: which channels bring customers
 * that buy, and how fast. First contact is the lead's capture (or the registration, for
 * customers registered directly, counted under "direct").
 *
 *   npx crm project examples/projections/time-to-first-purchase-by-source.ts
 */
interface State {
  capturedAt: Record<string, string>;
  customers: Record<string, { source: string; firstContact: string; firstPurchase?: string }>;
}
type Event = { data: Record<string, any>; occurredAt: string }; // eslint-disable-line @typescript-eslint/no-explicit-any

const DAY_MS = 86_400_000;
const median = (values: number[]) => {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

export default {
  name: 'time-to-first-purchase-by-source',
  initialState: (): State => ({ capturedAt: {}, customers: {} }),
  handlers: {
    LeadCaptured(state: State, { data }: Event) {
      state.capturedAt[data.leadId] = data.capturedAt;
    },
    CustomerRegistered(state: State, { data }: Event) {
      const fromLead = data.leadId !== undefined ? state.capturedAt[data.leadId] : undefined;
      state.customers[data.customerId] = { source: data.source ?? 'direct', firstContact: fromLead ?? data.registeredAt };
    },
    PurchaseRecorded(state: State, { data }: Event) {
      const customer = state.customers[data.customerId];
      if (customer && (!customer.firstPurchase || data.occurredAt < customer.firstPurchase)) customer.firstPurchase = data.occurredAt;
    },
  },
  rows(state: State) {
    const bySource: Record<string, { customers: number; days: number[] }> = {};
    for (const customer of Object.values(state.customers)) {
      const source = (bySource[customer.source] ??= { customers: 0, days: [] });
      source.customers += 1;
      if (customer.firstPurchase) source.days.push((Date.parse(customer.firstPurchase) - Date.parse(customer.firstContact)) / DAY_MS);
    }
    return Object.entries(bySource)
      .map(([source, s]) => ({
        key: source,
        customers: s.customers,
        buyers: s.days.length,
        conversion: Math.round((s.days.length / s.customers) * 1e4) / 1e4,
        medianDaysToFirstPurchase: median(s.days),
        avgDaysToFirstPurchase: s.days.length ? Math.round((s.days.reduce((t, d) => t + d, 0) / s.days.length) * 100) / 100 : null,
      }))
      .sort((a, b) => a.key.localeCompare(b.key));
  },
};
