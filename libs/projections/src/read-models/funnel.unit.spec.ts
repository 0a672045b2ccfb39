import { funnelFigures } from './funnel';

const T = (day: number) => new Date(Date.UTC(2026, 0, 1 + day)).toISOString();
const leads = { captured: 10, qualified: 4, disqualified: 3, disqualifiedByReason: { 'no-budget': 3 } };

describe('funnel figures', () => {
  it('counts stages reached (skips pass a stage), outcomes, conversions and median days per stage', () => {
    const figures = funnelFigures(leads, [
      // prospecting 2 days, proposal 3 days, won
      { status: 'won', furthestStage: 3, closedAt: T(5), stageHistory: [{ stage: 'prospecting', at: T(0), direction: 'opened' }, { stage: 'proposal', at: T(2), direction: 'forward' }] },
      // prospecting 4 days, qualification still open
      { status: 'open', furthestStage: 1, stageHistory: [{ stage: 'prospecting', at: T(0), direction: 'opened' }, { stage: 'qualification', at: T(4), direction: 'forward' }] },
      // lost while prospecting after 1 day
      { status: 'lost', furthestStage: 0, closedAt: T(1), stageHistory: [{ stage: 'prospecting', at: T(0), direction: 'opened' }] },
    ]);
    expect(figures.opportunities).toEqual({
      opened: 3,
      reachedStage: { prospecting: 3, qualification: 2, 'needs-analysis': 1, proposal: 1, negotiation: 0 },
      won: 1,
      lost: 1,
    });
    expect(figures.conversion).toEqual([
      { from: 'captured', to: 'qualified', rate: 0.4 },
      { from: 'qualified', to: 'opportunity', rate: 0.75 },
      { from: 'opportunity', to: 'qualification', rate: 0.6667 },
      { from: 'qualification', to: 'needs-analysis', rate: 0.5 },
      { from: 'needs-analysis', to: 'proposal', rate: 1 },
      { from: 'proposal', to: 'negotiation', rate: 0 },
      { from: 'opportunity', to: 'won', rate: 0.3333 },
    ]);
    expect(figures.medianDaysInStage).toEqual({ prospecting: 2, qualification: null, 'needs-analysis': null, proposal: 3, negotiation: null });
  });

  it('has no rates where nothing entered the step', () => {
    const figures = funnelFigures({ captured: 0, qualified: 0, disqualified: 0, disqualifiedByReason: {} }, []);
    expect(figures.conversion.every((c) => c.rate === null)).toBe(true);
  });
});
