import { CrmEvent, CustomFields, latest, profileOf, toMinor, withCustomFieldChanges } from '@crm/domain';
import { ReadDocument, ReadOperation } from '@crm/read-store';
import { ProjectedEvent, Projection } from '../engine/projection';
import { clean } from './without-undefined.util';

export type FunnelStage = 'prospect' | 'opportunity' | 'customer' | 'repeat-customer' | 'lost';
export type Activity = 'active' | 'dormant' | 'reawakened';

export interface CustomerDocument extends ReadDocument {
  customerId: string;
  name: string;
  company?: string;
  industry?: string;
  region?: string;
  size?: string;
  email?: string;
  phone?: string;
  customFields: CustomFields;
  ownerId?: string;
  currency: string;
  source?: string;
  leadId?: string;
  registeredAt: string;
  funnelStage: FunnelStage;
  activity: Activity;
  /** When the current funnel stage began (business time). */
  since: string;
  dormantSince?: string;
  reawakenedAt?: string;
  lastActivityAt: string;
  purchases: number;
  wins: number;
  /** Value figures in ten-thousandths of the currency (exact sums; see domain core/money.ts). */
  revenueMinor: number;
  cogsMinor: number;
  costToServeMinor: number;
  netValueMinor: number;
  paidMinor: number;
  hasPurchases: boolean;
  firstPurchaseAt?: string;
  lastPurchaseAt?: string;
  /** lastPurchaseAt as epoch ms, for recency ranks. */
  lastPurchaseMs?: number;
  satisfactionCount: number;
  perceivedSum: number;
  expectedSum: number;
  openOpportunities: number;
  lostOpportunities: number;
  /** When ForgetCustomer ran; the personal fields (sealed) then read as erased. */
  forgottenAt?: string;
  history: { at: string; funnelStage: FunnelStage; activity: Activity; eventType: string }[];
}

const COLLECTION = 'customers';

/** The funnel stage follows from what the customer has done, whatever order it arrived in. */
function funnelStageOf(doc: Pick<CustomerDocument, 'purchases' | 'wins' | 'openOpportunities' | 'lostOpportunities'>): FunnelStage {
  // A won opportunity and the purchase recorded for it are one deal, so count the larger.
  const deals = Math.max(doc.purchases, doc.wins);
  if (deals >= 2) return 'repeat-customer';
  if (deals === 1) return 'customer';
  if (doc.openOpportunities > 0) return 'opportunity';
  if (doc.lostOpportunities > 0) return 'lost';
  return 'prospect';
}

/** What an event changes on an existing customer document. */
function change(doc: CustomerDocument, event: CrmEvent, at: string): Partial<CustomerDocument> | undefined {
  const activity = { lastActivityAt: latest(doc.lastActivityAt, at) };
  switch (event.type) {
    case 'CustomerProfileUpdated':
      return { ...event.data.changes, customFields: withCustomFieldChanges(doc.customFields, event.data.customFields) };
    case 'OwnerAssigned':
      return { ownerId: event.data.ownerId };
    case 'InteractionLogged': {
      const satisfaction = event.data.satisfaction;
      if (!satisfaction) return activity;
      return {
        ...activity,
        satisfactionCount: doc.satisfactionCount + 1,
        perceivedSum: doc.perceivedSum + satisfaction.perceived,
        expectedSum: doc.expectedSum + satisfaction.expected,
      };
    }
    case 'PaymentRecorded':
      return { ...activity, paidMinor: doc.paidMinor + toMinor(event.data.amount) };
    case 'OpportunityActivityRecorded':
      return activity;
    case 'PurchaseRecorded': {
      const revenueMinor = doc.revenueMinor + toMinor(event.data.total);
      // Lines without a known unit cost add nothing to the cost of goods.
      const cogsMinor = doc.cogsMinor + event.data.lines.reduce((total, line) => total + toMinor(line.cost ?? 0), 0);
      const firstPurchaseAt = doc.firstPurchaseAt && doc.firstPurchaseAt < event.data.occurredAt ? doc.firstPurchaseAt : event.data.occurredAt;
      const lastPurchaseAt = latest(doc.lastPurchaseAt, event.data.occurredAt);
      return {
        ...activity,
        purchases: doc.purchases + 1,
        hasPurchases: true,
        revenueMinor,
        cogsMinor,
        netValueMinor: revenueMinor - cogsMinor - doc.costToServeMinor,
        firstPurchaseAt,
        lastPurchaseAt,
        lastPurchaseMs: Date.parse(lastPurchaseAt),
      };
    }
    case 'CostRecorded': {
      const costToServeMinor = doc.costToServeMinor + toMinor(event.data.amount);
      return { costToServeMinor, netValueMinor: doc.revenueMinor - doc.cogsMinor - costToServeMinor };
    }
    case 'CustomerWentDormant':
      return { activity: 'dormant', dormantSince: event.data.since };
    case 'CustomerReawakened':
      return { activity: 'reawakened', reawakenedAt: event.data.at, dormantSince: undefined };
    case 'CustomerForgotten':
      return { forgottenAt: event.data.forgottenAt };
    case 'OpportunityOpened':
      return { openOpportunities: doc.openOpportunities + 1 };
    case 'OpportunityWon':
      return { wins: doc.wins + 1, openOpportunities: Math.max(0, doc.openOpportunities - 1) };
    case 'OpportunityLost':
      return { lostOpportunities: doc.lostOpportunities + 1, openOpportunities: Math.max(0, doc.openOpportunities - 1) };
    default:
      return undefined;
  }
}

function registered(event: Extract<CrmEvent, { type: 'CustomerRegistered' }>): CustomerDocument {
  const d = event.data;
  return {
    id: d.customerId,
    customerId: d.customerId,
    ...profileOf(d),
    customFields: d.customFields,
    ownerId: d.ownerId,
    currency: d.currency,
    source: d.source,
    leadId: d.leadId,
    registeredAt: d.registeredAt,
    funnelStage: 'prospect',
    activity: 'active',
    since: d.registeredAt,
    lastActivityAt: d.registeredAt,
    purchases: 0,
    wins: 0,
    revenueMinor: 0,
    cogsMinor: 0,
    costToServeMinor: 0,
    netValueMinor: 0,
    paidMinor: 0,
    hasPurchases: false,
    satisfactionCount: 0,
    perceivedSum: 0,
    expectedSum: 0,
    openOpportunities: 0,
    lostOpportunities: 0,
    history: [{ at: d.registeredAt, funnelStage: 'prospect', activity: 'active', eventType: event.type }],
  };
}

/** Customer profile and lifecycle: funnel stage, activity (active, dormant, reawakened) and their history. */
export const customersProjection: Projection = {
  name: 'customers',
  version: 1,
  eventTypes: [
    'CustomerRegistered', 'CustomerProfileUpdated', 'OwnerAssigned', 'InteractionLogged', 'PurchaseRecorded', 'PaymentRecorded',
    'CostRecorded', 'OpportunityActivityRecorded', 'CustomerWentDormant', 'CustomerReawakened', 'CustomerForgotten', 'OpportunityOpened', 'OpportunityWon', 'OpportunityLost',
  ],
  collections: [
    {
      name: COLLECTION,
      indexes: [
        { fields: ['funnelStage'] }, { fields: ['activity'] }, { fields: ['industry'] }, { fields: ['region'] }, { fields: ['ownerId'] },
        // Ranks for tiers and RFM quintiles are indexed counts, never scans of every customer.
        { fields: ['netValueMinor'] }, { fields: ['hasPurchases', 'revenueMinor'] }, { fields: ['hasPurchases', 'purchases'] }, { fields: ['hasPurchases', 'lastPurchaseMs'] },
      ],
    },
  ],
  async handle(event: ProjectedEvent, view): Promise<ReadOperation[]> {
    if (event.type === 'CustomerRegistered') {
      const existing = await view.get(COLLECTION, event.data.customerId);
      return existing ? [] : [{ type: 'upsert', collection: COLLECTION, document: registered(event) }];
    }
    const customerId = (event.data as { customerId?: string }).customerId;
    const doc = customerId ? ((await view.get(COLLECTION, customerId)) as CustomerDocument | undefined) : undefined;
    if (!doc) return [];
    const at = event.metadata.occurredAt;
    const changes = change(doc, event as CrmEvent, at);
    if (!changes) return [];
    const next = { ...doc, ...changes } as CustomerDocument;
    next.funnelStage = funnelStageOf(next);
    if (next.funnelStage !== doc.funnelStage) next.since = at;
    if (next.funnelStage !== doc.funnelStage || next.activity !== doc.activity) {
      next.history = [...doc.history, { at, funnelStage: next.funnelStage, activity: next.activity, eventType: event.type }];
    }
    return [{ type: 'upsert', collection: COLLECTION, document: clean(next) }];
  },
};
