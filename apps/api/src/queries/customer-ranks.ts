import { fromMinor } from '@crm/domain';
import { CustomerDocument, ProjectionCatalog, Ranks, TIER_QUOTA_PERCENT, Tier, customersProjection, tierQuota } from '@crm/projections';
import { Range, ReadStore } from '@crm/read-store';
import { Injectable } from '@nestjs/common';

const BUYERS = { hasPurchases: true } as const;

/**
 * Cross-customer figures answered from indexed counts, sums and rank lookups, so they are
 * right for the whole history at query time and never scan every customer.
 */
@Injectable()
export class CustomerRanks {
  private readonly catalog: ProjectionCatalog;

  constructor(private readonly reads: ReadStore) {
    this.catalog = new ProjectionCatalog(reads);
  }

  /** The customers collection of the generation readers use (it changes after a rebuild). */
  customers(): Promise<string> {
    return this.catalog.collection(customersProjection, 'customers');
  }

  async ranksOf(doc: CustomerDocument): Promise<Ranks> {
    const CUSTOMERS = await this.customers();
    const [customers, atLeastAsGoodByNetValue, buyers, betterByRecency, betterByFrequency, betterByMonetary] = await Promise.all([
      this.reads.count(CUSTOMERS),
      this.reads.count(CUSTOMERS, { netValueMinor: { gte: doc.netValueMinor } }),
      this.reads.count(CUSTOMERS, BUYERS),
      doc.hasPurchases ? this.reads.countGreaterThan(CUSTOMERS, 'lastPurchaseMs', doc.lastPurchaseMs ?? 0, BUYERS) : 0,
      doc.hasPurchases ? this.reads.countGreaterThan(CUSTOMERS, 'purchases', doc.purchases, BUYERS) : 0,
      doc.hasPurchases ? this.reads.countGreaterThan(CUSTOMERS, 'revenueMinor', doc.revenueMinor, BUYERS) : 0,
    ]);
    return { customers, atLeastAsGoodByNetValue, buyers, betterByRecency, betterByFrequency, betterByMonetary };
  }

  /**
   * The net-value range of each tier, as `tierOf` decides it: a customer is in A when at most
   * quota(20%) customers are worth at least as much, i.e. when its value beats the value ranked
   * just past that quota (ranks from 0, best first). Ties at a boundary fall to the lower tier.
   */
  async tierRanges(): Promise<Record<Tier, Range | 'empty'>> {
    const CUSTOMERS = await this.customers();
    const customers = await this.reads.count(CUSTOMERS);
    if (customers === 0) return { A: 'empty', B: 'empty', C: 'empty' };
    /** The value every member of a quota must beat, or undefined when the quota takes everyone. */
    const beyond = async (percent: number) => {
      const quota = tierQuota(percent, customers);
      return quota >= customers ? undefined : this.reads.valueAtRank(CUSTOMERS, 'netValueMinor', quota);
    };
    const [a, b] = await Promise.all([beyond(TIER_QUOTA_PERCENT.A), beyond(TIER_QUOTA_PERCENT.AB)]);
    // An empty range would read as equality with {} in MongoDB: bound it below instead.
    if (a === undefined) return { A: { gte: Number.NEGATIVE_INFINITY }, B: 'empty', C: 'empty' };
    if (b === undefined) return { A: { gt: a }, B: { lte: a }, C: 'empty' };
    return { A: { gt: a }, B: a === b ? 'empty' : { gt: b, lte: a }, C: { lte: b } };
  }

  async tierRange(tier: Tier): Promise<Range | 'empty'> {
    return (await this.tierRanges())[tier];
  }

  /** GET /analytics/pareto: the 20/80/30 picture of net value. */
  async pareto() {
    const CUSTOMERS = await this.customers();
    const customers = await this.reads.count(CUSTOMERS);
    const totalMinor = await this.reads.sum(CUSTOMERS, 'netValueMinor');
    const ranges = await this.tierRanges();
    const tier = async (name: Tier) => {
      const range = ranges[name];
      if (range === 'empty') return { customers: 0, netValueMinor: 0 };
      const where = { netValueMinor: range };
      return { customers: await this.reads.count(CUSTOMERS, where), netValueMinor: await this.reads.sum(CUSTOMERS, 'netValueMinor', where) };
    };
    const [a, b, c] = await Promise.all([tier('A'), tier('B'), tier('C')]);
    const share = (minor: number) => (totalMinor === 0 ? 0 : Math.round((minor / totalMinor) * 1e6) / 1e6);
    const present = (t: { customers: number; netValueMinor: number }) => ({ customers: t.customers, netValue: fromMinor(t.netValueMinor), share: share(t.netValueMinor) });
    return {
      customers,
      totalNetValue: fromMinor(totalMinor),
      tiers: { A: present(a), B: present(b), C: present(c) },
      top20Share: share(a.netValueMinor),
      profitWithoutC: fromMinor(totalMinor - c.netValueMinor),
    };
  }
}
