import { AdvanceStage, LoseOpportunity, OpenOpportunity, RecordQuote, WinOpportunity, customerStreamId } from '@crm/domain';
import { defineCommand } from '../command-handling/command-spec';
import { opportunityAggregate } from './aggregates';

type Input<C extends { data: unknown }> = C['data'];
const opportunityIds = <T extends { opportunityId: string }>(input: T) => ({ opportunityId: input.opportunityId });

export const openOpportunity = defineCommand({
  commandType: 'OpenOpportunity',
  aggregate: opportunityAggregate,
  expected: 'new',
  withIds: (input: Input<OpenOpportunity>, newId) => ({ ...input, opportunityId: input.opportunityId || newId() }),
  targetId: (input) => input.opportunityId,
  requires: (input) => [{ aggregate: 'customer', id: input.customerId, streamId: customerStreamId(input.customerId) }],
  toCommand: (data, metadata): OpenOpportunity => ({ type: 'OpenOpportunity', data, metadata }),
  ids: (input) => ({ opportunityId: input.opportunityId, customerId: input.customerId }),
});

export const advanceStage = defineCommand({
  commandType: 'AdvanceStage',
  aggregate: opportunityAggregate,
  expected: 'existing',
  targetId: (input: Input<AdvanceStage>) => input.opportunityId,
  toCommand: (data, metadata): AdvanceStage => ({ type: 'AdvanceStage', data, metadata }),
  ids: opportunityIds,
});

export const recordQuote = defineCommand({
  commandType: 'RecordQuote',
  aggregate: opportunityAggregate,
  expected: 'existing',
  targetId: (input: Input<RecordQuote>) => input.opportunityId,
  toCommand: (data, metadata): RecordQuote => ({ type: 'RecordQuote', data, metadata }),
  ids: opportunityIds,
});

export const winOpportunity = defineCommand({
  commandType: 'WinOpportunity',
  aggregate: opportunityAggregate,
  expected: 'existing',
  targetId: (input: Input<WinOpportunity>) => input.opportunityId,
  toCommand: (data, metadata): WinOpportunity => ({ type: 'WinOpportunity', data, metadata }),
  ids: opportunityIds,
});

export const loseOpportunity = defineCommand({
  commandType: 'LoseOpportunity',
  aggregate: opportunityAggregate,
  expected: 'existing',
  targetId: (input: Input<LoseOpportunity>) => input.opportunityId,
  toCommand: (data, metadata): LoseOpportunity => ({ type: 'LoseOpportunity', data, metadata }),
  ids: opportunityIds,
});
