import { AdvanceStage, LoseOpportunity, OpenOpportunity, RecordQuote, WinOpportunity, customerStreamId } from '@crm/domain';
import { defineCommand } from '../command-handling/command-spec';
import { opportunityAggregate as aggregate } from './aggregates';

const target = 'opportunityId';

export const openOpportunity = defineCommand<OpenOpportunity>({
  type: 'OpenOpportunity',
  aggregate,
  expected: 'new',
  target,
  generated: ['opportunityId'],
  echo: ['customerId'],
  requires: (input) => [{ aggregate: 'customer', id: input.customerId, streamId: customerStreamId(input.customerId) }],
});
export const advanceStage = defineCommand<AdvanceStage>({ type: 'AdvanceStage', aggregate, expected: 'existing', target });
export const recordQuote = defineCommand<RecordQuote>({ type: 'RecordQuote', aggregate, expected: 'existing', target });
export const winOpportunity = defineCommand<WinOpportunity>({ type: 'WinOpportunity', aggregate, expected: 'existing', target });
export const loseOpportunity = defineCommand<LoseOpportunity>({ type: 'LoseOpportunity', aggregate, expected: 'existing', target });
