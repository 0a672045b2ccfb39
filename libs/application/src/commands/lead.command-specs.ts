import { CaptureLead, DisqualifyLead, QualifyLead, TagLead } from '@crm/domain';
import { defineCommand } from '../command-handling/command-spec';
import { leadAggregate } from './aggregates';

type Input<C extends { data: unknown }> = C['data'];

export const captureLead = defineCommand({
  commandType: 'CaptureLead',
  aggregate: leadAggregate,
  expected: 'new',
  withIds: (input: Input<CaptureLead>, newId) => ({ ...input, leadId: input.leadId || newId() }),
  targetId: (input) => input.leadId,
  toCommand: (data, metadata): CaptureLead => ({ type: 'CaptureLead', data, metadata }),
  ids: (input) => ({ leadId: input.leadId }),
});

export const tagLead = defineCommand({
  commandType: 'TagLead',
  aggregate: leadAggregate,
  expected: 'existing',
  targetId: (input: Input<TagLead>) => input.leadId,
  toCommand: (data, metadata): TagLead => ({ type: 'TagLead', data, metadata }),
  ids: (input) => ({ leadId: input.leadId }),
});

export const qualifyLead = defineCommand({
  commandType: 'QualifyLead',
  aggregate: leadAggregate,
  expected: 'existing',
  withIds: (input: Input<QualifyLead>, newId) => ({ ...input, customerId: input.customerId || newId() }),
  targetId: (input) => input.leadId,
  toCommand: (data, metadata): QualifyLead => ({ type: 'QualifyLead', data, metadata }),
  ids: (input) => ({ leadId: input.leadId, customerId: input.customerId }),
});

export const disqualifyLead = defineCommand({
  commandType: 'DisqualifyLead',
  aggregate: leadAggregate,
  expected: 'existing',
  targetId: (input: Input<DisqualifyLead>) => input.leadId,
  toCommand: (data, metadata): DisqualifyLead => ({ type: 'DisqualifyLead', data, metadata }),
  ids: (input) => ({ leadId: input.leadId }),
});
