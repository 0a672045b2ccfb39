/** GET /analytics/pareto, as api.md gives it. */
export interface ParetoAnswer {
  customers: number;
  totalNetValue: number;
  tiers: Record<'A' | 'B' | 'C', { customers: number; netValue: number; share: number }>;
  top20Share: number;
  profitWithoutC: number;
}

export interface CurvePoint {
  /** Share of customers, ranked by net value from the highest (0–1). */
  customers: number;
  /** Cumulative share of the total net value (0–1; above 1 when the tail is negative). */
  value: number;
}

/**
 * The Pareto curve through the tiers' edges: from no customer, through the top 20% (A), the next
 * 50% (B), to all of them (C), each point the cumulative share of net value. The API gives the
 * tiers, not every customer's rank, so the curve is drawn through these four points.
 */
export function paretoCurve(answer: ParetoAnswer): CurvePoint[] {
  if (answer.customers === 0) return [];
  const points: CurvePoint[] = [{ customers: 0, value: 0 }];
  let customers = 0;
  let value = 0;
  for (const tier of ['A', 'B', 'C'] as const) {
    customers += answer.tiers[tier].customers;
    value += answer.tiers[tier].share;
    points.push({ customers: customers / answer.customers, value });
  }
  return points;
}
