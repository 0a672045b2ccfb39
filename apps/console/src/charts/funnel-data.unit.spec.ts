import { FunnelAnswer, funnelSteps, stageDays } from './funnel-data';

const answer = (overrides: Partial<FunnelAnswer> = {}): FunnelAnswer => ({
  leads: { captured: 120, qualified: 60, disqualified: 30, disqualifiedByReason: { budget: 30 } },
  opportunities: { opened: 50, reachedStage: { prospecting: 50, qualification: 40, 'needs-analysis': 30, proposal: 20, negotiation: 12 }, won: 9, lost: 20 },
  conversion: [],
  medianDaysInStage: { prospecting: 3, qualification: 5.5, 'needs-analysis': null, proposal: 7, negotiation: 2 },
  ...overrides,
});

describe('the funnel chart data', () => {
  test.each<{ name: string; given: FunnelAnswer; then: [string, number][] }>([
    {
      name: 'the steps in the order a customer goes through them, stages in the pipeline’s order',
      given: answer(),
      then: [
        ['Leads captured', 120],
        ['Leads qualified', 60],
        ['Opportunities opened', 50],
        ['Reached Prospecting', 50],
        ['Reached Qualification', 40],
        ['Reached Needs analysis', 30],
        ['Reached Proposal', 20],
        ['Reached Negotiation', 12],
        ['Won', 9],
      ],
    },
    {
      name: 'an empty period: every step zero, none left out',
      given: answer({ leads: { captured: 0, qualified: 0, disqualified: 0, disqualifiedByReason: {} }, opportunities: { opened: 0, reachedStage: { prospecting: 0 }, won: 0, lost: 0 } }),
      then: [
        ['Leads captured', 0],
        ['Leads qualified', 0],
        ['Opportunities opened', 0],
        ['Reached Prospecting', 0],
        ['Won', 0],
      ],
    },
  ])('$name', ({ given, then }) => {
    expect(funnelSteps(given).map(({ label, count }) => [label, count])).toEqual(then);
  });

  it('keeps a stage nobody has left yet without a median', () => {
    expect(stageDays(answer())).toEqual([
      { stage: 'Prospecting', days: 3 },
      { stage: 'Qualification', days: 5.5 },
      { stage: 'Needs analysis', days: null },
      { stage: 'Proposal', days: 7 },
      { stage: 'Negotiation', days: 2 },
    ]);
  });
});
