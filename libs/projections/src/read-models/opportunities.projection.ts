import { CrmEvent, stageIndex } from '@crm/domain';
import { ReadDocument, ReadOperation } from '@crm/read-store';
import { ProjectedEvent, Projection } from '../engine/projection';
import { clean } from './without-undefined.util';

export interface OpportunityDocument extends ReadDocument {
  opportunityId: string;
  customerId: string;
  title: string;
  expectedValue?: number;
  ownerId?: string;
  stage: string;
  status: 'open' | 'won' | 'lost';
  openedAt: string;
  closedAt?: string;
  value?: number;
  lostReason?: string;
  competitor?: string;
  quotes: number;
  lastQuote?: { amount: number; validUntil?: string; at: string };
  stageHistory: { stage: string; at: string; direction: 'opened' | 'forward' | 'backward'; reason?: string }[];
  /** The furthest stage reached (index in the stage order): a skipped stage counts as passed. */
  furthestStage: number;
  /** The lead source of the customer, for the funnel by source. */
  source?: string;
  openedMs: number;
  closedMs?: number;
}

/** Each customer's lead source, kept here because a projection reads only its own documents. */
const SOURCES = 'opportunity_customer_sources';

const COLLECTION = 'opportunities';

function change(doc: OpportunityDocument, event: CrmEvent): Partial<OpportunityDocument> | undefined {
  switch (event.type) {
    case 'StageAdvanced': {
      const { to, at, direction, reason } = event.data;
      return {
        stage: to,
        furthestStage: Math.max(doc.furthestStage, stageIndex(to)),
        stageHistory: [...doc.stageHistory, clean({ stage: to, at, direction, reason })],
      };
    }
    case 'QuoteRecorded':
      return { quotes: doc.quotes + 1, lastQuote: clean({ amount: event.data.amount, validUntil: event.data.validUntil, at: event.data.at }) };
    case 'OpportunityWon':
      return { status: 'won', value: event.data.value, closedAt: event.data.at, closedMs: Date.parse(event.data.at) };
    case 'OpportunityLost':
      return clean({ status: 'lost' as const, lostReason: event.data.reason, competitor: event.data.competitor, closedAt: event.data.at, closedMs: Date.parse(event.data.at) });
    default:
      return undefined;
  }
}

/** Opportunities with their stage, stage history, quotes and outcome. */
export const opportunitiesProjection: Projection = {
  name: 'opportunities',
  version: 1,
  eventTypes: ['CustomerRegistered', 'OpportunityOpened', 'StageAdvanced', 'QuoteRecorded', 'OpportunityWon', 'OpportunityLost'],
  collections: [
    { name: COLLECTION, indexes: [{ fields: ['customerId'] }, { fields: ['stage'] }, { fields: ['status'] }, { fields: ['openedMs'] }, { fields: ['closedMs'] }, { fields: ['ownerId', 'status'] }] },
    { name: SOURCES },
  ],
  async handle(event: ProjectedEvent, view): Promise<ReadOperation[]> {
    const e = event as CrmEvent;
    if (e.type === 'CustomerRegistered') {
      return e.data.source ? [{ type: 'upsert', collection: SOURCES, document: { id: e.data.customerId, source: e.data.source } }] : [];
    }
    if (e.type === 'OpportunityOpened') {
      const { opportunityId, customerId, title, expectedValue, ownerId, stage, openedAt } = e.data;
      if (await view.get(COLLECTION, opportunityId)) return [];
      const source = (await view.get(SOURCES, customerId))?.source as string | undefined;
      const document = clean<OpportunityDocument>({
        id: opportunityId, opportunityId, customerId, title, expectedValue, ownerId, stage, status: 'open', openedAt, quotes: 0, source,
        stageHistory: [{ stage, at: openedAt, direction: 'opened' }], furthestStage: stageIndex(stage), openedMs: Date.parse(openedAt),
      });
      return [{ type: 'upsert', collection: COLLECTION, document }];
    }
    const id = (e.data as { opportunityId: string }).opportunityId;
    const doc = (await view.get(COLLECTION, id)) as OpportunityDocument | undefined;
    const changes = doc && change(doc, e);
    return doc && changes ? [{ type: 'upsert', collection: COLLECTION, document: { ...doc, ...changes } }] : [];
  },
};
