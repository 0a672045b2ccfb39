import { OpportunityActivity, OpportunityEvent, RecordOpportunityActivity } from '@crm/domain';
import { recordOpportunityActivity } from '../commands/customer.command-specs';
import { Reactor } from './reactor';

const ACTIVITY_OF: Record<string, OpportunityActivity> = {
  OpportunityOpened: 'opened',
  StageAdvanced: 'advanced',
  OpportunityWon: 'won',
};

/**
 * Opportunity opened, advanced or won → recorded on the customer's stream, where it counts as
 * activity for dormancy (and a win as having bought).
 */
export const opportunityActivityReactor: Reactor = {
  name: 'opportunity-activity',
  eventTypes: Object.keys(ACTIVITY_OF),
  react(event) {
    const opportunityEvent = { type: event.type, data: event.data } as OpportunityEvent;
    const activity = ACTIVITY_OF[event.type];
    if (!activity) return [];
    const at =
      opportunityEvent.type === 'OpportunityOpened' ? opportunityEvent.data.openedAt : (opportunityEvent.data as { at: string }).at;
    const input: RecordOpportunityActivity['data'] = {
      customerId: opportunityEvent.data.customerId,
      opportunityId: opportunityEvent.data.opportunityId,
      activity,
      at,
      sourceEventId: event.eventId,
      value: opportunityEvent.type === 'OpportunityWon' ? opportunityEvent.data.value : undefined,
    };
    return [{ spec: recordOpportunityActivity, input }];
  },
};
