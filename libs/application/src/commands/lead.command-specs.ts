import { defineCommand } from '../command-handling/command-spec';
import { leadAggregate } from './aggregates';

export const captureLead = defineCommand({ type: 'CaptureLead', aggregate: leadAggregate, expected: 'new', target: 'leadId', generated: ['leadId'] });
export const tagLead = defineCommand({ type: 'TagLead', aggregate: leadAggregate, expected: 'existing', target: 'leadId' });
/** The customer id is generated here, so the response can name the customer the reactor registers. */
export const qualifyLead = defineCommand({ type: 'QualifyLead', aggregate: leadAggregate, expected: 'existing', target: 'leadId', generated: ['customerId'], readsPersonalData: true });
export const disqualifyLead = defineCommand({ type: 'DisqualifyLead', aggregate: leadAggregate, expected: 'existing', target: 'leadId' });
