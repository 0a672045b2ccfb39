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

/** The 20/80/30 tiers' cumulative shares of customers, in percent: A the top 20%, A and B the top 70%. */
export const TIER_QUOTA_PERCENT = { A: 20, AB: 70 } as const;

/** How many customers a cumulative share allows (whole-number arithmetic: 0.7 × 10 is 7.000000000000001). */
export const tierQuota = (percent: number, population: number): number => Math.ceil((percent * population) / 100);

/**
 * The 20/80/30 tiers by net value, from how many customers are worth at least as much (the
 * customer included). Equal values always share a tier, and a tie that straddles a boundary
 * falls to the lower tier, so A never holds more than 20% and A with B never more than 70%: with
 * every value equal, every customer is in C.
 */
export function tierOf(atLeastAsGood: number, population: number): Tier {
  if (atLeastAsGood <= tierQuota(TIER_QUOTA_PERCENT.A, population)) return 'A';
  if (atLeastAsGood <= tierQuota(TIER_QUOTA_PERCENT.AB, population)) return 'B';
  return 'C';
}

export interface Ranks {
  customers: number;
  /** Customers whose net value is at least this one's, itself included. */
  atLeastAsGoodByNetValue: number;
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
    tier: tierOf(ranks.atLeastAsGoodByNetValue, ranks.customers),
  };
}
