import { CrmEvent } from '@crm/domain';
import { ReadDocument, ReadOperation } from '@crm/read-store';
import { ProjectedEvent, Projection } from '../engine/projection';
import { TimelineKind, summarise } from './timeline-summary';
import { clean } from './without-undefined.util';

export interface TimelineItem extends ReadDocument {
  customerId: string;
  at: string;
  position: string;
  /** Business time, then position: the order the timeline is read in. */
  sortKey: string;
  type: string;
  kind: TimelineKind;
  streamId: string;
  actor: string;
  summary: string;
  data: Record<string, unknown>;
}

const TIMELINE = 'timeline';
/** A lead's items are held here until the lead is qualified and its customer is known. */
const LEAD_ITEMS = 'timeline_leads';

export const timelineSortKey = (at: string, position: string) => `${at}|${position.padStart(40, '0')}`;

function item(event: ProjectedEvent, customerId: string): TimelineItem {
  const { kind, summary } = summarise(event as CrmEvent);
  const at = event.metadata.occurredAt;
  const data = event.data as Record<string, unknown>;
  return {
    id: event.eventId,
    customerId,
    at,
    position: event.position,
    sortKey: timelineSortKey(at, event.position),
    type: event.type,
    kind,
    streamId: event.streamId,
    // The person at the firm behind an interaction, else the principal that sent the command.
    actor: typeof data.handledBy === 'string' ? data.handledBy : event.metadata.actor,
    summary,
    data,
  };
}

const put = (document: ReadDocument): ReadOperation => ({ type: 'upsert', collection: TIMELINE, document });

/** Every event about a customer, from its own, its leads' and its opportunities' streams. */
export const timelineProjection: Projection = {
  name: 'timeline',
  version: 1,
  eventTypes: [
    'LeadCaptured', 'LeadTagged', 'LeadQualified', 'LeadDisqualified',
    'CustomerRegistered', 'CustomerProfileUpdated', 'OwnerAssigned', 'InteractionLogged', 'PurchaseRecorded', 'PaymentRecorded',
    'CostRecorded', 'CustomerWentDormant', 'CustomerReawakened', 'CustomerForgotten',
    'OpportunityOpened', 'StageAdvanced', 'QuoteRecorded', 'OpportunityWon', 'OpportunityLost',
  ],
  collections: [{ name: TIMELINE, indexes: [{ fields: ['customerId', 'sortKey'] }] }, { name: LEAD_ITEMS }],
  async handle(event: ProjectedEvent, view): Promise<ReadOperation[]> {
    if (event.streamId.startsWith('lead-')) {
      const leadId = (event.data as { leadId: string }).leadId;
      const lead = await view.get(LEAD_ITEMS, leadId);
      const customerId = event.type === 'LeadQualified' ? event.data.customerId : (lead?.customerId as string | undefined);
      if (!customerId) {
        const held = (lead?.items as TimelineItem[] | undefined) ?? [];
        return [{ type: 'upsert', collection: LEAD_ITEMS, document: { id: leadId, items: [...held, item(event, '')] } }];
      }
      const released = ((lead?.items as TimelineItem[] | undefined) ?? []).map((held) => put({ ...held, customerId }));
      return [...released, put(item(event, customerId)), { type: 'upsert', collection: LEAD_ITEMS, document: { id: leadId, customerId, items: [] } }];
    }
    const customerId = (event.data as { customerId?: string }).customerId;
    return customerId ? [put(clean(item(event, customerId)))] : [];
  },
};
