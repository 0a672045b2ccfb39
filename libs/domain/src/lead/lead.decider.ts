import { Decider } from '../core/decider';
import { AggregateNotFound, RuleViolation } from '../core/domain-errors';
import { assertNever } from '../core/exhaustive';
import { LeadCommand } from './lead.commands';
import { LeadContact, LeadEvent, LeadSource } from './lead.events';

export type LeadState =
  | { status: 'none' }
  | {
      status: 'open' | 'qualified' | 'disqualified';
      leadId: string;
      source: LeadSource;
      campaign?: string;
      contact: LeadContact;
      tags: string[];
      customerId?: string;
    };

export const leadStreamId = (leadId: string): string => `lead-${leadId}`;

export const initialLeadState = (): LeadState => ({ status: 'none' });

function uniqueTags(tags: readonly string[]): string[] {
  return [...new Set(tags)];
}

export function decideLead(command: LeadCommand, state: LeadState): LeadEvent[] {
  const now = command.metadata.now;
  if (command.type === 'CaptureLead') {
    if (state.status !== 'none') {
      throw new RuleViolation('lead-already-captured', `lead '${command.data.leadId}' was already captured`);
    }
    const { leadId, source, campaign, contact, tags, capturedAt } = command.data;
    return [
      {
        type: 'LeadCaptured',
        data: { leadId, source, campaign, contact, tags: uniqueTags(tags ?? []), capturedAt: capturedAt ?? now },
      },
    ];
  }
  if (state.status === 'none') throw new AggregateNotFound('lead', command.data.leadId);

  switch (command.type) {
    case 'TagLead': {
      const added = uniqueTags(command.data.tags).filter((tag) => !state.tags.includes(tag));
      // Tagging is idempotent: tags already on the lead add nothing.
      return added.length === 0 ? [] : [{ type: 'LeadTagged', data: { leadId: state.leadId, tags: added, taggedAt: now } }];
    }
    case 'QualifyLead': {
      ensureOpen(state.status, state.leadId);
      const { customerId, score, note, at } = command.data;
      return [
        {
          type: 'LeadQualified',
          data: {
            leadId: state.leadId,
            customerId,
            score,
            note,
            at: at ?? now,
            source: state.source,
            campaign: state.campaign,
            contact: state.contact,
            tags: state.tags,
          },
        },
      ];
    }
    case 'DisqualifyLead': {
      ensureOpen(state.status, state.leadId);
      const { reason, note, at } = command.data;
      return [{ type: 'LeadDisqualified', data: { leadId: state.leadId, reason, note, at: at ?? now } }];
    }
    default:
      return assertNever(command, 'lead command');
  }
}

function ensureOpen(status: 'open' | 'qualified' | 'disqualified', leadId: string): void {
  if (status === 'qualified') throw new RuleViolation('lead-already-qualified', `lead '${leadId}' is already qualified`);
  if (status === 'disqualified') {
    throw new RuleViolation('lead-already-disqualified', `lead '${leadId}' is already disqualified`);
  }
}

export function evolveLead(state: LeadState, event: LeadEvent): LeadState {
  switch (event.type) {
    case 'LeadCaptured': {
      const { leadId, source, campaign, contact, tags } = event.data;
      return { status: 'open', leadId, source, campaign, contact, tags };
    }
    case 'LeadTagged':
      return state.status === 'none' ? state : { ...state, tags: uniqueTags([...state.tags, ...event.data.tags]) };
    case 'LeadQualified':
      return state.status === 'none' ? state : { ...state, status: 'qualified', customerId: event.data.customerId };
    case 'LeadDisqualified':
      return state.status === 'none' ? state : { ...state, status: 'disqualified' };
    default:
      return assertNever(event, 'lead event');
  }
}

export const leadDecider: Decider<LeadCommand, LeadState, LeadEvent> = {
  decide: decideLead,
  evolve: evolveLead,
  initialState: initialLeadState,
};
