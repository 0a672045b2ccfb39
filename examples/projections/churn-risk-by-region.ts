/**
 * Churn risk by region: of the customers in each region, how many are dormant now, how many
 * dormant periods they have had, and how long the closed ones lasted on average.
 *
 *   npx crm project examples/projections/churn-risk-by-region.ts --format csv
 */
interface Region {
  customers: number;
  dormantNow: number;
  dormantPeriods: number;
  closedPeriodDays: number;
  closedPeriods: number;
}
interface State {
  regionOf: Record<string, string>;
  dormantSince: Record<string, string>;
  regions: Record<string, Region>;
}
type Event = { data: Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any

const DAY_MS = 86_400_000;
const region = (state: State, customerId: string) => {
  const name = state.regionOf[customerId] ?? '(unknown)';
  return (state.regions[name] ??= { customers: 0, dormantNow: 0, dormantPeriods: 0, closedPeriodDays: 0, closedPeriods: 0 });
};

export default {
  name: 'churn-risk-by-region',
  initialState: (): State => ({ regionOf: {}, dormantSince: {}, regions: {} }),
  handlers: {
    CustomerRegistered(state: State, { data }: Event) {
      state.regionOf[data.customerId] = data.region ?? '(unknown)';
      region(state, data.customerId).customers += 1;
    },
    CustomerProfileUpdated(state: State, { data }: Event) {
      const moved = data.changes.region;
      if (moved === undefined) return;
      const from = region(state, data.customerId);
      from.customers -= 1;
      if (state.dormantSince[data.customerId]) from.dormantNow -= 1;
      state.regionOf[data.customerId] = moved;
      const to = region(state, data.customerId);
      to.customers += 1;
      if (state.dormantSince[data.customerId]) to.dormantNow += 1;
    },
    CustomerWentDormant(state: State, { data }: Event) {
      state.dormantSince[data.customerId] = data.since;
      const r = region(state, data.customerId);
      r.dormantNow += 1;
      r.dormantPeriods += 1;
    },
    CustomerReawakened(state: State, { data }: Event) {
      const r = region(state, data.customerId);
      r.dormantNow -= 1;
      r.closedPeriods += 1;
      r.closedPeriodDays += (Date.parse(data.at) - Date.parse(data.dormantSince)) / DAY_MS;
      delete state.dormantSince[data.customerId];
    },
  },
  rows: (state: State) =>
    Object.entries(state.regions)
      .map(([name, r]) => ({
        key: name,
        customers: r.customers,
        dormantNow: r.dormantNow,
        churnRisk: r.customers ? Math.round((r.dormantNow / r.customers) * 1e4) / 1e4 : 0,
        dormantPeriods: r.dormantPeriods,
        avgDormantDays: r.closedPeriods ? Math.round((r.closedPeriodDays / r.closedPeriods) * 100) / 100 : null,
      }))
      .sort((a, b) => b.churnRisk - a.churnRisk || a.key.localeCompare(b.key)),
};
