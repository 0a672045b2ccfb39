import { CrmEvent, assertNever } from '@crm/domain';

export type TimelineKind = 'lead' | 'profile' | 'interaction' | 'purchase' | 'payment' | 'cost' | 'opportunity' | 'lifecycle';

/**
 * One human-readable line per event. Summaries never quote personal fields (names, emails,
 * phones): those can be erased later, and a summary must not keep a copy of them.
 */
export function summarise(event: CrmEvent): { kind: TimelineKind; summary: string } {
  switch (event.type) {
    case 'LeadCaptured':
      return { kind: 'lead', summary: `Lead captured from ${event.data.source}${event.data.campaign ? ` (campaign ${event.data.campaign})` : ''}` };
    case 'LeadTagged':
      return { kind: 'lead', summary: `Lead tagged ${event.data.tags.join(', ')}` };
    case 'LeadQualified':
      return { kind: 'lead', summary: `Lead qualified${event.data.score !== undefined ? ` with score ${event.data.score}` : ''}` };
    case 'LeadDisqualified':
      return { kind: 'lead', summary: `Lead disqualified: ${event.data.reason}` };
    case 'CustomerRegistered':
      return { kind: 'profile', summary: event.data.leadId ? 'Registered as a customer from a qualified lead' : 'Registered as a customer' };
    case 'CustomerProfileUpdated':
      return { kind: 'profile', summary: `Profile updated: ${[...Object.keys(event.data.changes), ...Object.keys(event.data.customFields)].join(', ')}` };
    case 'OwnerAssigned':
      return { kind: 'profile', summary: `Owner assigned: ${event.data.ownerId}` };
    case 'InteractionLogged': {
      const { direction, channel, kind, summary } = event.data;
      return { kind: 'interaction', summary: `${capitalise(direction)} ${channel} (${kind}): ${summary}` };
    }
    case 'PurchaseRecorded':
      return { kind: 'purchase', summary: `Order ${event.data.orderId}: ${event.data.lines.length} line(s), total ${event.data.total}` };
    case 'PaymentRecorded':
      return { kind: 'payment', summary: `Payment of ${event.data.amount} for order ${event.data.orderId}, ${event.data.outstandingAfter} outstanding` };
    case 'CostRecorded':
      return { kind: 'cost', summary: `Cost to serve (${event.data.category}): ${event.data.amount}` };
    case 'OpportunityActivityRecorded':
      return { kind: 'opportunity', summary: `Opportunity ${event.data.opportunityId} ${event.data.activity}` };
    case 'CustomerWentDormant':
      return { kind: 'lifecycle', summary: `Went dormant (no activity since ${event.data.lastActivityAt.slice(0, 10)})` };
    case 'CustomerReawakened':
      return { kind: 'lifecycle', summary: `Reawakened after dormancy since ${event.data.dormantSince.slice(0, 10)}` };
    case 'CustomerForgotten':
      return { kind: 'profile', summary: `Personal data erased: ${event.data.reason}` };
    case 'OpportunityOpened':
      return { kind: 'opportunity', summary: `Opportunity opened: ${event.data.title}` };
    case 'StageAdvanced':
      return { kind: 'opportunity', summary: `Stage ${event.data.from} → ${event.data.to}${event.data.reason ? ` (${event.data.reason})` : ''}` };
    case 'QuoteRecorded':
      return { kind: 'opportunity', summary: `Quote of ${event.data.amount}` };
    case 'OpportunityWon':
      return { kind: 'opportunity', summary: `Opportunity won, value ${event.data.value}` };
    case 'OpportunityLost':
      return { kind: 'opportunity', summary: `Opportunity lost: ${event.data.reason}${event.data.competitor ? ` to ${event.data.competitor}` : ''}` };
    default:
      return assertNever(event, 'event');
  }
}

const capitalise = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);
