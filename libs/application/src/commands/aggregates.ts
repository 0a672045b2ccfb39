import {
  CrmEvent,
  CustomerCommand,
  CustomerEvent,
  CustomerState,
  LeadCommand,
  LeadEvent,
  LeadState,
  OpportunityCommand,
  OpportunityEvent,
  OpportunityState,
  customerDecider,
  customerStreamId,
  leadDecider,
  leadStreamId,
  opportunityDecider,
  opportunityStreamId,
} from '@crm/domain';
import { Aggregate } from '../command-handling/command-spec';

/** A record over every event type of an aggregate, so a new event breaks the build until it is listed here. */
const holding =
  <E extends CrmEvent>(types: Record<E['type'], true>) =>
  (event: CrmEvent): event is E =>
    Object.hasOwn(types, event.type);

export const leadAggregate: Aggregate<LeadCommand, LeadState, LeadEvent> = {
  name: 'lead',
  decider: leadDecider,
  streamId: leadStreamId,
  holds: holding<LeadEvent>({ LeadCaptured: true, LeadTagged: true, LeadQualified: true, LeadDisqualified: true }),
};

export const customerAggregate: Aggregate<CustomerCommand, CustomerState, CustomerEvent> = {
  name: 'customer',
  decider: customerDecider,
  streamId: customerStreamId,
  holds: holding<CustomerEvent>({
    CustomerRegistered: true,
    CustomerProfileUpdated: true,
    OwnerAssigned: true,
    InteractionLogged: true,
    PurchaseRecorded: true,
    PaymentRecorded: true,
    CostRecorded: true,
    OpportunityActivityRecorded: true,
    CustomerWentDormant: true,
    CustomerReawakened: true,
    CustomerForgotten: true,
  }),
};

export const opportunityAggregate: Aggregate<OpportunityCommand, OpportunityState, OpportunityEvent> = {
  name: 'opportunity',
  decider: opportunityDecider,
  streamId: opportunityStreamId,
  holds: holding<OpportunityEvent>({ OpportunityOpened: true, StageAdvanced: true, QuoteRecorded: true, OpportunityWon: true, OpportunityLost: true }),
};
