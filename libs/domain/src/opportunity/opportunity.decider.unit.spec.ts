import { context, givenWhen, NOW, refused } from '../testing/given-when-then';
import { OpportunityCommand } from './opportunity.commands';
import { opportunityDecider } from './opportunity.decider';
import { OpportunityEvent, OpportunityStage } from './opportunity.events';

const T0 = '2026-01-01T00:00:00.000Z';
const opened: OpportunityEvent = {
  type: 'OpportunityOpened',
  data: { opportunityId: 'o1', customerId: 'c1', title: 'Servers', stage: 'prospecting', openedAt: T0 },
};
const movedTo = (from: OpportunityStage, to: OpportunityStage): OpportunityEvent => ({
  type: 'StageAdvanced',
  data: { opportunityId: 'o1', customerId: 'c1', from, to, direction: 'forward', at: T0 },
});
const won: OpportunityEvent = { type: 'OpportunityWon', data: { opportunityId: 'o1', customerId: 'c1', value: 10, stage: 'prospecting', at: T0 } };
const lost: OpportunityEvent = { type: 'OpportunityLost', data: { opportunityId: 'o1', customerId: 'c1', reason: 'price', stage: 'prospecting', at: T0 } };

type Data<T extends OpportunityCommand['type']> = Omit<Extract<OpportunityCommand, { type: T }>['data'], 'opportunityId'>;
const cmd = <T extends OpportunityCommand['type']>(type: T, data: Data<T>) =>
  ({ type, data: { opportunityId: 'o1', ...data }, metadata: context() }) as unknown as OpportunityCommand;
const advance = (toStage: OpportunityStage, reason?: string) => cmd('AdvanceStage', { toStage, reason });

describe('opportunity decider', () => {
  test.each<{ name: string; given: OpportunityEvent[]; when: OpportunityCommand; then: unknown }>([
    {
      name: 'opening starts in prospecting',
      given: [],
      when: cmd('OpenOpportunity', { customerId: 'c1', title: 'Servers', expectedValue: 5000, ownerId: 'rep' }),
      then: [{ type: 'OpportunityOpened', data: { opportunityId: 'o1', customerId: 'c1', title: 'Servers', expectedValue: 5000, ownerId: 'rep', stage: 'prospecting', openedAt: NOW } }],
    },
    { name: 'opening an existing opportunity is refused', given: [opened], when: cmd('OpenOpportunity', { customerId: 'c1', title: 'x' }), then: refused('RuleViolation', 'opportunity-already-open') },
    {
      name: 'advancing one stage forward',
      given: [opened],
      when: advance('qualification'),
      then: [{ type: 'StageAdvanced', data: { opportunityId: 'o1', customerId: 'c1', from: 'prospecting', to: 'qualification', direction: 'forward', reason: undefined, at: NOW } }],
    },
    { name: 'forward moves may skip stages', given: [opened], when: advance('proposal'), then: [expect.objectContaining({ data: expect.objectContaining({ from: 'prospecting', to: 'proposal', direction: 'forward' }) })] },
    { name: 'advancing to the current stage is refused', given: [opened, movedTo('prospecting', 'proposal')], when: advance('proposal'), then: refused('RuleViolation', 'stage-unchanged') },
    { name: 'a backward move without a reason is refused', given: [opened, movedTo('prospecting', 'proposal')], when: advance('qualification'), then: refused('RuleViolation', 'backward-move-needs-reason') },
    { name: 'a backward move with a blank reason is refused', given: [opened, movedTo('prospecting', 'proposal')], when: advance('qualification', '  '), then: refused('RuleViolation', 'backward-move-needs-reason') },
    {
      name: 'a backward move with a reason is recorded as backward',
      given: [opened, movedTo('prospecting', 'proposal')],
      when: advance('qualification', 'budget re-opened'),
      then: [expect.objectContaining({ data: expect.objectContaining({ from: 'proposal', to: 'qualification', direction: 'backward', reason: 'budget re-opened' }) })],
    },
    { name: 'advancing a won opportunity is refused', given: [opened, won], when: advance('proposal'), then: refused('RuleViolation', 'opportunity-closed') },
    { name: 'advancing a lost opportunity is refused', given: [opened, lost], when: advance('proposal'), then: refused('RuleViolation', 'opportunity-closed') },
    {
      name: 'a quote is recorded on an open opportunity',
      given: [opened],
      when: cmd('RecordQuote', { amount: 4200, validUntil: '2026-07-01T00:00:00.000Z' }),
      then: [{ type: 'QuoteRecorded', data: { opportunityId: 'o1', customerId: 'c1', amount: 4200, validUntil: '2026-07-01T00:00:00.000Z', at: NOW } }],
    },
    { name: 'a quote on a closed opportunity is refused', given: [opened, lost], when: cmd('RecordQuote', { amount: 1 }), then: refused('RuleViolation', 'opportunity-closed') },
    {
      name: 'winning records the value and the stage it was won from',
      given: [opened, movedTo('prospecting', 'negotiation')],
      when: cmd('WinOpportunity', { value: 9000, at: T0 }),
      then: [{ type: 'OpportunityWon', data: { opportunityId: 'o1', customerId: 'c1', value: 9000, stage: 'negotiation', at: T0 } }],
    },
    { name: 'winning twice is refused', given: [opened, won], when: cmd('WinOpportunity', { value: 1 }), then: refused('RuleViolation', 'opportunity-closed') },
    { name: 'winning a lost opportunity is refused', given: [opened, lost], when: cmd('WinOpportunity', { value: 1 }), then: refused('RuleViolation', 'opportunity-closed') },
    {
      name: 'losing records the reason and competitor',
      given: [opened],
      when: cmd('LoseOpportunity', { reason: 'price', competitor: 'Rival' }),
      then: [{ type: 'OpportunityLost', data: { opportunityId: 'o1', customerId: 'c1', reason: 'price', competitor: 'Rival', stage: 'prospecting', at: NOW } }],
    },
    { name: 'losing a won opportunity is refused', given: [opened, won], when: cmd('LoseOpportunity', { reason: 'x' }), then: refused('RuleViolation', 'opportunity-closed') },
    { name: 'a command for an unknown opportunity is not found', given: [], when: advance('proposal'), then: refused('AggregateNotFound') },
  ])('$name', ({ given, when, then }) => {
    expect(givenWhen(opportunityDecider, given, when)).toEqual(then);
  });
});
