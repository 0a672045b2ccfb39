import { assertNever } from './core/exhaustive';
import { CustomerEvent } from './customer/customer.events';
import { LeadEvent } from './lead/lead.events';
import { OpportunityEvent } from './opportunity/opportunity.events';

export type CrmEvent = LeadEvent | CustomerEvent | OpportunityEvent;
export type CrmEventType = CrmEvent['type'];

/** When the event happened in the business (as opposed to when the store recorded it). */
export function businessTimeOf(event: CrmEvent): string {
  switch (event.type) {
    case 'LeadCaptured':
      return event.data.capturedAt;
    case 'LeadTagged':
      return event.data.taggedAt;
    case 'CustomerRegistered':
      return event.data.registeredAt;
    case 'CustomerProfileUpdated':
      return event.data.updatedAt;
    case 'OwnerAssigned':
      return event.data.assignedAt;
    case 'InteractionLogged':
    case 'PurchaseRecorded':
    case 'PaymentRecorded':
    case 'CostRecorded':
      return event.data.occurredAt;
    case 'CustomerWentDormant':
      return event.data.since;
    case 'CustomerForgotten':
      return event.data.forgottenAt;
    case 'OpportunityOpened':
      return event.data.openedAt;
    case 'LeadQualified':
    case 'LeadDisqualified':
    case 'OpportunityActivityRecorded':
    case 'CustomerReawakened':
    case 'StageAdvanced':
    case 'QuoteRecorded':
    case 'OpportunityWon':
    case 'OpportunityLost':
      return event.data.at;
    default:
      return assertNever(event, 'event');
  }
}
