import { CrmEvent } from '@crm/domain';
import { projectEvents, recorded } from '../testing/project-events';
import { segmentsProjection } from './segments.projection';
import { storeClockProjection } from './store-clock.projection';

const registered = (customerId: string, industry: string | undefined, source?: string): CrmEvent => ({
  type: 'CustomerRegistered',
  data: { customerId, name: customerId, industry, region: 'east', customFields: {}, currency: 'CNY', registeredAt: '2026-01-01T00:00:00.000Z', source: source as never },
});
const purchase = (customerId: string, orderId: string, at: string, lines: { productId: string; amount: number; cost?: number }[]): CrmEvent => ({
  type: 'PurchaseRecorded',
  data: {
    customerId, orderId, occurredAt: at, total: lines.reduce((t, l) => t + l.amount, 0),
    lines: lines.map((l) => ({ productId: l.productId, quantity: 1, unitPrice: l.amount, amount: l.amount, cost: l.cost })),
  },
});

describe('segments projection', () => {
  it('attributes revenue, margin and orders to the customer\'s segments as they were, to each product and to the month', async () => {
    const docs = await projectEvents(segmentsProjection, [
      registered('a', 'retail', 'seo'),
      registered('b', undefined),
      purchase('a', 'o1', '2026-02-10T00:00:00.000Z', [{ productId: 'gtx', amount: 100, cost: 60 }, { productId: 'mg', amount: 50 }]),
      { type: 'CustomerProfileUpdated', data: { customerId: 'a', changes: { industry: 'software' }, customFields: {}, updatedAt: '2026-03-01T00:00:00.000Z' } },
      purchase('a', 'o2', '2026-03-05T00:00:00.000Z', [{ productId: 'gtx', amount: 10 }]),
      purchase('b', 'o3', '2026-03-06T00:00:00.000Z', [{ productId: 'gtx', amount: 7 }]),
      { type: 'OpportunityWon', data: { opportunityId: 'x', customerId: 'a', value: 1, stage: 'proposal', at: '2026-03-07T00:00:00.000Z' } },
      { type: 'OpportunityLost', data: { opportunityId: 'y', customerId: 'b', reason: 'price', stage: 'proposal', at: '2026-03-08T00:00:00.000Z' } },
    ].map((e) => recorded(e as CrmEvent)));
    const segment = (id: string) => {
      const { by, key, customers, revenueMinor, grossMarginMinor, orders, won, lost } = docs.segments[id];
      return { by, key, customers, revenue: (revenueMinor as number) / 10_000, margin: (grossMarginMinor as number) / 10_000, orders, won, lost };
    };
    expect(segment('industry|retail')).toEqual({ by: 'industry', key: 'retail', customers: 1, revenue: 150, margin: 90, orders: 1, won: 0, lost: 0 });
    expect(segment('industry|software')).toEqual({ by: 'industry', key: 'software', customers: 1, revenue: 10, margin: 10, orders: 1, won: 1, lost: 0 });
    expect(segment('industry|(unknown)')).toEqual({ by: 'industry', key: '(unknown)', customers: 1, revenue: 7, margin: 7, orders: 1, won: 0, lost: 1 });
    expect(segment('source|seo')).toEqual(expect.objectContaining({ customers: 1, revenue: 160, orders: 2, won: 1 }));
    expect(segment('productId|gtx')).toEqual(expect.objectContaining({ customers: 2, revenue: 117, margin: 57, orders: 3 }));
    expect(segment('month|2026-03')).toEqual(expect.objectContaining({ customers: 2, revenue: 17, orders: 2, won: 1, lost: 1 }));
  });
});

describe('store clock projection', () => {
  it('keeps the latest business time, whatever order events arrive in', async () => {
    const docs = await projectEvents(storeClockProjection, [
      registered('a', 'retail'),
      purchase('a', 'o1', '2026-05-01T00:00:00.000Z', [{ productId: 'p', amount: 1 }]),
      purchase('a', 'o2', '2026-02-01T00:00:00.000Z', [{ productId: 'p', amount: 1 }]),
    ].map((e) => recorded(e)));
    expect(docs.clock.latest.latestBusinessTime).toBe('2026-05-01T00:00:00.000Z');
  });
});
