import { customerStreamId } from '@crm/domain';
import { defineCommand } from '../command-handling/command-spec';
import { opportunityAggregate as aggregate } from './aggregates';

const target = 'opportunityId';

export const openOpportunity = defineCommand({
  type: 'OpenOpportunity',
  aggregate,
  expected: 'new',
  target,
  generated: ['opportunityId'],
  echo: ['customerId'],
  requires: (input) => [{ aggregate: 'customer', id: input.customerId, streamId: customerStreamId(input.customerId) }],
});
export const advanceStage = defineCommand({ type: 'AdvanceStage', aggregate, expected: 'existing', target });
export const recordQuote = defineCommand({ type: 'RecordQuote', aggregate, expected: 'existing', target });
export const winOpportunity = defineCommand({ type: 'WinOpportunity', aggregate, expected: 'existing', target });
export const loseOpportunity = defineCommand({ type: 'LoseOpportunity', aggregate, expected: 'existing', target });
