import { Decider } from '../core/decider';
import { AggregateNotFound, RuleViolation } from '../core/domain-errors';
import { assertNever } from '../core/exhaustive';
import { OpportunityCommand } from './opportunity.commands';
import { OpportunityEvent, OpportunityStage, stageIndex } from './opportunity.events';

export type OpportunityState =
  | { status: 'none' }
  | { status: 'open' | 'won' | 'lost'; opportunityId: string; customerId: string; stage: OpportunityStage };

export const opportunityStreamId = (opportunityId: string): string => `opportunity-${opportunityId}`;

export const initialOpportunityState = (): OpportunityState => ({ status: 'none' });

export function decideOpportunity(command: OpportunityCommand, state: OpportunityState): OpportunityEvent[] {
  const now = command.metadata.now;
  if (command.type === 'OpenOpportunity') {
    if (state.status !== 'none') {
      throw new RuleViolation('opportunity-already-open', `opportunity '${command.data.opportunityId}' already exists`);
    }
    const { openedAt, ...opened } = command.data;
    return [{ type: 'OpportunityOpened', data: { ...opened, stage: 'prospecting', openedAt: openedAt ?? now } }];
  }
  if (state.status === 'none') throw new AggregateNotFound('opportunity', command.data.opportunityId);
  if (state.status !== 'open') {
    throw new RuleViolation('opportunity-closed', `opportunity '${state.opportunityId}' is already ${state.status}`);
  }
  const { opportunityId, customerId, stage } = state;

  switch (command.type) {
    case 'AdvanceStage': {
      const { toStage, at, reason } = command.data;
      if (toStage === stage) throw new RuleViolation('stage-unchanged', `opportunity is already in stage '${stage}'`);
      const direction = stageIndex(toStage) > stageIndex(stage) ? 'forward' : 'backward';
      if (direction === 'backward' && !reason?.trim()) {
        throw new RuleViolation('backward-move-needs-reason', `moving back from '${stage}' to '${toStage}' needs a reason`);
      }
      return [
        { type: 'StageAdvanced', data: { opportunityId, customerId, from: stage, to: toStage, direction, reason, at: at ?? now } },
      ];
    }
    case 'RecordQuote': {
      const { amount, validUntil, at } = command.data;
      if (!(amount >= 0)) throw new RuleViolation('quote-amount-not-negative', 'a quote amount must not be negative');
      return [{ type: 'QuoteRecorded', data: { opportunityId, customerId, amount, validUntil, at: at ?? now } }];
    }
    case 'WinOpportunity': {
      const { value, at } = command.data;
      if (!(value >= 0)) throw new RuleViolation('won-value-not-negative', 'a won value must not be negative');
      return [{ type: 'OpportunityWon', data: { opportunityId, customerId, value, stage, at: at ?? now } }];
    }
    case 'LoseOpportunity': {
      const { reason, competitor, at } = command.data;
      return [{ type: 'OpportunityLost', data: { opportunityId, customerId, reason, competitor, stage, at: at ?? now } }];
    }
    default:
      return assertNever(command, 'opportunity command');
  }
}

export function evolveOpportunity(state: OpportunityState, event: OpportunityEvent): OpportunityState {
  switch (event.type) {
    case 'OpportunityOpened':
      return { status: 'open', opportunityId: event.data.opportunityId, customerId: event.data.customerId, stage: event.data.stage };
    case 'StageAdvanced':
      return state.status === 'none' ? state : { ...state, stage: event.data.to };
    case 'QuoteRecorded':
      return state;
    case 'OpportunityWon':
      return state.status === 'none' ? state : { ...state, status: 'won' };
    case 'OpportunityLost':
      return state.status === 'none' ? state : { ...state, status: 'lost' };
    default:
      return assertNever(event, 'opportunity event');
  }
}

export const opportunityDecider: Decider<OpportunityCommand, OpportunityState, OpportunityEvent> = {
  decide: decideOpportunity,
  evolve: evolveOpportunity,
  initialState: initialOpportunityState,
};
