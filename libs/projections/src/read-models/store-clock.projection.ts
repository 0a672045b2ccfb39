import { ReadOperation } from '@crm/read-store';
import { ProjectedEvent, Projection } from '../engine/projection';

const CLOCK = 'clock';
export const STORE_CLOCK_ID = 'latest';

/** Every event type, so the clock sees every business time in the store. */
const ALL_EVENT_TYPES = [
  'LeadCaptured', 'LeadTagged', 'LeadQualified', 'LeadDisqualified',
  'CustomerRegistered', 'CustomerProfileUpdated', 'OwnerAssigned', 'InteractionLogged', 'PurchaseRecorded', 'PaymentRecorded',
  'CostRecorded', 'OpportunityActivityRecorded', 'CustomerWentDormant', 'CustomerReawakened',
  'OpportunityOpened', 'StageAdvanced', 'QuoteRecorded', 'OpportunityWon', 'OpportunityLost',
] as const;

/** The latest business time in the store: the default "as of" for recency. */
export const storeClockProjection: Projection = {
  name: 'store-clock',
  version: 1,
  eventTypes: ALL_EVENT_TYPES,
  collections: [{ name: CLOCK }],
  async handle(event: ProjectedEvent, view): Promise<ReadOperation[]> {
    const current = (await view.get(CLOCK, STORE_CLOCK_ID))?.latestBusinessTime as string | undefined;
    const at = event.metadata.occurredAt;
    if (current !== undefined && Date.parse(current) >= Date.parse(at)) return [];
    return [{ type: 'upsert', collection: CLOCK, document: { id: STORE_CLOCK_ID, latestBusinessTime: at } }];
  },
};
