import { fromMinor } from '@crm/domain';
import { CustomerDocument } from './customers.projection';

export type Tier = 'A' | 'B' | 'C';

/**
 * Quintile score 1-5 from how many of `population` are strictly better: the best fifth scores 5.
 * Ties share a score, so equal customers are never split across quintiles.
 */
export function quintileScore(better: number, population: number): number {
  if (population <= 0) return 0;
  return 5 - Math.min(4, Math.floor((5 * better) / population));
}

/** The 20/80/30 tiers by net value: A the top 20% of customers, B the next 50%, C the bottom 30%. */
export function tierOf(better: number, population: number): Tier {
  if (better < 0.2 * population) return 'A';
  if (better < 0.7 * population) return 'B';
  return 'C';
}

/** How many customers (of `population`) the tier boundaries leave above: A = rank < 20%, B = rank < 70%. */
export const TIER_SHARES: Record<Exclude<Tier, 'C'>, number> = { A: 0.2, B: 0.7 };

export interface Ranks {
  customers: number;
  betterByNetValue: number;
  buyers: number;
  betterByRecency: number;
  betterByFrequency: number;
  betterByMonetary: number;
}

const DAY_MS = 86_400_000;
const round = (value: number, places = 4) => Math.round(value * 10 ** places) / 10 ** places;

/** GET /customers/{id}/value from the customer's document and its ranks among all customers. */
export function customerValue(doc: CustomerDocument, ranks: Ranks, asOf: string) {
  const revenue = fromMinor(doc.revenueMinor);
  const cogs = fromMinor(doc.cogsMinor);
  const { satisfactionCount: count, perceivedSum, expectedSum } = doc;
  const rfm = doc.hasPurchases
    ? {
        recencyDays: Math.max(0, Math.floor((Date.parse(asOf) - (doc.lastPurchaseMs ?? 0)) / DAY_MS)),
        frequency: doc.purchases,
        monetary: revenue,
        r: quintileScore(ranks.betterByRecency, ranks.buyers),
        f: quintileScore(ranks.betterByFrequency, ranks.buyers),
        m: quintileScore(ranks.betterByMonetary, ranks.buyers),
      }
    : null;
  return {
    revenue,
    cogs,
    grossMargin: fromMinor(doc.revenueMinor - doc.cogsMinor),
    costToServe: fromMinor(doc.costToServeMinor),
    netValue: fromMinor(doc.netValueMinor),
    orders: doc.purchases,
    avgOrderValue: doc.purchases > 0 ? round(revenue / doc.purchases) : 0,
    firstPurchaseAt: doc.firstPurchaseAt ?? null,
    lastPurchaseAt: doc.lastPurchaseAt ?? null,
    paid: fromMinor(doc.paidMinor),
    outstanding: fromMinor(doc.revenueMinor - doc.paidMinor),
    satisfaction: {
      count,
      avgPerceived: count ? round(perceivedSum / count) : null,
      avgExpected: count ? round(expectedSum / count) : null,
      avgGap: count ? round((perceivedSum - expectedSum) / count) : null,
    },
    rfm: rfm && { ...rfm, score: `${rfm.r}${rfm.f}${rfm.m}` },
    tier: tierOf(ranks.betterByNetValue, ranks.customers),
  };
}
