import { CrmEvent, toMinor } from '@crm/domain';
import { ReadDocument, ReadOperation } from '@crm/read-store';
import { ProjectedEvent, Projection, ProjectionView } from '../engine/projection';
import { clean } from './without-undefined.util';

export const SEGMENT_DIMENSIONS = ['industry', 'region', 'ownerId', 'source', 'productId', 'month'] as const;
export type SegmentDimension = (typeof SEGMENT_DIMENSIONS)[number];
type CustomerDimension = Extract<SegmentDimension, 'industry' | 'region' | 'ownerId' | 'source'>;
const CUSTOMER_DIMENSIONS: CustomerDimension[] = ['industry', 'region', 'ownerId', 'source'];

export interface SegmentDocument extends ReadDocument {
  by: SegmentDimension;
  key: string;
  customers: number;
  revenueMinor: number;
  grossMarginMinor: number;
  orders: number;
  won: number;
  lost: number;
}

const SEGMENTS = 'segments';
/** The attributes a customer's activity is counted under, as they are when the activity happens. */
const CUSTOMERS = 'segment_customers';
/** One marker per (segment, customer), so `customers` counts each customer once. */
const MEMBERS = 'segment_members';
export const UNKNOWN_SEGMENT = '(unknown)';

const month = (iso: string) => iso.slice(0, 7);

interface Contribution {
  by: SegmentDimension;
  key: string;
  customerId: string;
  revenueMinor?: number;
  grossMarginMinor?: number;
  orders?: number;
  won?: number;
  lost?: number;
}

async function contribute(view: ProjectionView, c: Contribution): Promise<ReadOperation[]> {
  const id = `${c.by}|${c.key}`;
  const memberId = `${id}|${c.customerId}`;
  const isNewMember = !(await view.get(MEMBERS, memberId));
  const inc: Record<string, number> = {};
  for (const field of ['revenueMinor', 'grossMarginMinor', 'orders', 'won', 'lost'] as const) if (c[field]) inc[field] = c[field] as number;
  if (isNewMember) inc.customers = 1;
  const base = { by: c.by, key: c.key };
  return [
    ...(isNewMember ? [{ type: 'upsert' as const, collection: MEMBERS, document: { id: memberId } }] : []),
    { type: 'patch', collection: SEGMENTS, id, set: base, inc: { customers: 0, revenueMinor: 0, grossMarginMinor: 0, orders: 0, won: 0, lost: 0, ...inc }, upsert: true },
  ];
}

async function forCustomer(view: ProjectionView, customerId: string, at: string, figures: Omit<Contribution, 'by' | 'key' | 'customerId'>) {
  const attributes = await view.get(CUSTOMERS, customerId);
  if (!attributes) return [];
  const operations: ReadOperation[] = [];
  for (const by of CUSTOMER_DIMENSIONS) {
    operations.push(...(await contribute(view, { by, key: (attributes[by] as string | undefined) ?? UNKNOWN_SEGMENT, customerId, ...figures })));
  }
  operations.push(...(await contribute(view, { by: 'month', key: month(at), customerId, ...figures })));
  return operations;
}

/** Revenue, margin, orders and win rates per segment: industry, region, owner, lead source, product, month. */
export const segmentsProjection: Projection = {
  name: 'segments',
  version: 1,
  eventTypes: ['CustomerRegistered', 'CustomerProfileUpdated', 'OwnerAssigned', 'PurchaseRecorded', 'OpportunityWon', 'OpportunityLost'],
  collections: [{ name: SEGMENTS, indexes: [{ fields: ['by', 'revenueMinor'] }] }, { name: CUSTOMERS }, { name: MEMBERS }],
  async handle(event: ProjectedEvent, view): Promise<ReadOperation[]> {
    const e = event as CrmEvent;
    switch (e.type) {
      case 'CustomerRegistered': {
        const { customerId, industry, region, ownerId, source } = e.data;
        return [{ type: 'upsert', collection: CUSTOMERS, document: clean({ id: customerId, industry, region, ownerId, source }) }];
      }
      case 'CustomerProfileUpdated': {
        const { industry, region } = e.data.changes;
        return industry === undefined && region === undefined
          ? []
          : [{ type: 'patch', collection: CUSTOMERS, id: e.data.customerId, set: clean({ industry, region }) }];
      }
      case 'OwnerAssigned':
        return [{ type: 'patch', collection: CUSTOMERS, id: e.data.customerId, set: { ownerId: e.data.ownerId } }];
      case 'PurchaseRecorded': {
        const { customerId, occurredAt, lines, total } = e.data;
        const revenueMinor = toMinor(total);
        const costMinor = lines.reduce((t, line) => t + toMinor(line.cost ?? 0), 0);
        const operations = await forCustomer(view, customerId, occurredAt, { revenueMinor, grossMarginMinor: revenueMinor - costMinor, orders: 1 });
        const byProduct = new Map<string, { revenueMinor: number; grossMarginMinor: number }>();
        for (const line of lines) {
          const sums = byProduct.get(line.productId) ?? { revenueMinor: 0, grossMarginMinor: 0 };
          sums.revenueMinor += toMinor(line.amount);
          sums.grossMarginMinor += toMinor(line.amount) - toMinor(line.cost ?? 0);
          byProduct.set(line.productId, sums);
        }
        for (const [productId, sums] of byProduct) {
          operations.push(...(await contribute(view, { by: 'productId', key: productId, customerId, ...sums, orders: 1 })));
        }
        return operations;
      }
      case 'OpportunityWon':
        return forCustomer(view, e.data.customerId, e.data.at, { won: 1 });
      case 'OpportunityLost':
        return forCustomer(view, e.data.customerId, e.data.at, { lost: 1 });
      default:
        return [];
    }
  },
};
