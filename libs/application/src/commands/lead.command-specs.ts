import { CaptureLead, DisqualifyLead, QualifyLead, TagLead } from '@crm/domain';
import { defineCommand } from '../command-handling/command-spec';
import { leadAggregate } from './aggregates';

export const captureLead = defineCommand<CaptureLead>({ type: 'CaptureLead', aggregate: leadAggregate, expected: 'new', target: 'leadId', generated: ['leadId'] });
export const tagLead = defineCommand<TagLead>({ type: 'TagLead', aggregate: leadAggregate, expected: 'existing', target: 'leadId' });
/** The customer id is generated here, so the response can name the customer the reactor registers. */
export const qualifyLead = defineCommand<QualifyLead>({ type: 'QualifyLead', aggregate: leadAggregate, expected: 'existing', target: 'leadId', generated: ['customerId'] });
export const disqualifyLead = defineCommand<DisqualifyLead>({ type: 'DisqualifyLead', aggregate: leadAggregate, expected: 'existing', target: 'leadId' });
