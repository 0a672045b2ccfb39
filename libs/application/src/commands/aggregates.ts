import {
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

export const leadAggregate: Aggregate<LeadCommand, LeadState, LeadEvent> = {
  name: 'lead',
  decider: leadDecider,
  streamId: leadStreamId,
};

export const customerAggregate: Aggregate<CustomerCommand, CustomerState, CustomerEvent> = {
  name: 'customer',
  decider: customerDecider,
  streamId: customerStreamId,
};

export const opportunityAggregate: Aggregate<OpportunityCommand, OpportunityState, OpportunityEvent> = {
  name: 'opportunity',
  decider: opportunityDecider,
  streamId: opportunityStreamId,
};
