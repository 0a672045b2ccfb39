import { DomainEvent } from '../core/decider';

/** Stages in order; each has its own focus and probability in the sales process. */
export const OPPORTUNITY_STAGES = ['prospecting', 'qualification', 'needs-analysis', 'proposal', 'negotiation'] as const;
export type OpportunityStage = (typeof OPPORTUNITY_STAGES)[number];

export const stageIndex = (stage: OpportunityStage): number => OPPORTUNITY_STAGES.indexOf(stage);

export type OpportunityOpened = DomainEvent<
  'OpportunityOpened',
  {
    opportunityId: string;
    customerId: string;
    title: string;
    expectedValue?: number;
    ownerId?: string;
    stage: OpportunityStage;
    openedAt: string;
  }
>;
export type StageAdvanced = DomainEvent<
  'StageAdvanced',
  {
    opportunityId: string;
    customerId: string;
    from: OpportunityStage;
    to: OpportunityStage;
    direction: 'forward' | 'backward';
    reason?: string;
    at: string;
  }
>;
export type QuoteRecorded = DomainEvent<
  'QuoteRecorded',
  { opportunityId: string; customerId: string; amount: number; validUntil?: string; at: string }
>;
export type OpportunityWon = DomainEvent<
  'OpportunityWon',
  { opportunityId: string; customerId: string; value: number; stage: OpportunityStage; at: string }
>;
export type OpportunityLost = DomainEvent<
  'OpportunityLost',
  { opportunityId: string; customerId: string; reason: string; competitor?: string; stage: OpportunityStage; at: string }
>;

export type OpportunityEvent = OpportunityOpened | StageAdvanced | QuoteRecorded | OpportunityWon | OpportunityLost;
