import { DomainCommand } from '../core/decider';
import { OpportunityStage } from './opportunity.events';

export type OpenOpportunity = DomainCommand<
  'OpenOpportunity',
  { opportunityId: string; customerId: string; title: string; expectedValue?: number; ownerId?: string; openedAt?: string }
>;
export type AdvanceStage = DomainCommand<
  'AdvanceStage',
  { opportunityId: string; toStage: OpportunityStage; at?: string; reason?: string }
>;
export type RecordQuote = DomainCommand<
  'RecordQuote',
  { opportunityId: string; amount: number; validUntil?: string; at?: string }
>;
export type WinOpportunity = DomainCommand<'WinOpportunity', { opportunityId: string; value: number; at?: string }>;
export type LoseOpportunity = DomainCommand<
  'LoseOpportunity',
  { opportunityId: string; reason: string; competitor?: string; at?: string }
>;

export type OpportunityCommand = OpenOpportunity | AdvanceStage | RecordQuote | WinOpportunity | LoseOpportunity;
