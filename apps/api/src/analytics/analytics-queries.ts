import { DISQUALIFY_REASONS, fromMinor } from '@crm/domain';
import {
  OpportunityDocument,
  SEGMENT_DIMENSIONS,
  SegmentDimension,
  ProjectionCatalog,
  SegmentDocument,
  funnelFigures,
  leadsProjection,
  opportunitiesProjection,
  segmentsProjection,
} from '@crm/projections';
import { Filter, ReadDocument, ReadStore } from '@crm/read-store';
import { Injectable } from '@nestjs/common';

/** JavaScript's date range, so an open end still means "the field is set". */
const EARLIEST = -8.64e15;
const LATEST = 8.64e15;

export { SEGMENT_DIMENSIONS };

@Injectable()
export class AnalyticsQueries {
  private readonly catalog: ProjectionCatalog;

  constructor(private readonly reads: ReadStore) {
    this.catalog = new ProjectionCatalog(reads);
  }

  async funnel(period: { from?: string; to?: string; source?: string }) {
    const range = { gte: period.from ? Date.parse(period.from) : EARLIEST, lte: period.to ? Date.parse(period.to) : LATEST };
    const bySource: Filter = period.source ? { source: period.source } : {};
    const LEADS = await this.catalog.collection(leadsProjection, 'leads');
    const count = (field: string, extra: Filter = {}) => this.reads.count(LEADS, { ...bySource, ...extra, [field]: range });
    const byReason = Object.fromEntries(
      await Promise.all(DISQUALIFY_REASONS.map(async (reason) => [reason, await count('disqualifiedMs', { disqualifyReason: reason })] as const)),
    );
    const leads = {
      captured: await count('capturedMs'),
      qualified: await count('qualifiedMs'),
      disqualified: Object.values(byReason).reduce((t, n) => t + n, 0),
      disqualifiedByReason: Object.fromEntries(Object.entries(byReason).filter(([, n]) => n > 0)),
    };
    const cohort = (await this.all(await this.catalog.collection(opportunitiesProjection, 'opportunities'), { ...bySource, openedMs: range })) as OpportunityDocument[];
    return funnelFigures(leads, cohort);
  }

  async segments(by: SegmentDimension) {
    const docs = (await this.all(await this.catalog.collection(segmentsProjection, 'segments'), { by }, { field: 'revenueMinor', direction: 'desc' })) as SegmentDocument[];
    return {
      by,
      items: docs.map((s) => ({
        key: s.key,
        customers: s.customers,
        revenue: fromMinor(s.revenueMinor),
        grossMargin: fromMinor(s.grossMarginMinor),
        orders: s.orders,
        won: s.won,
        lost: s.lost,
        winRate: s.won + s.lost === 0 ? null : Math.round((s.won / (s.won + s.lost)) * 1e4) / 1e4,
      })),
    };
  }

  /** Every matching document, page by page (analytics read a period or a dimension, never one row per request). */
  private async all(collection: string, where: Filter, sort?: { field: string; direction: 'asc' | 'desc' }): Promise<ReadDocument[]> {
    const documents: ReadDocument[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.reads.find(collection, { where, sort, limit: 1000, cursor });
      documents.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return documents;
  }
}
