import fc from 'fast-check';
import { KEYS, TestServer } from './support/test-server';

const STAGES = ['prospecting', 'qualification', 'needs-analysis', 'proposal', 'negotiation'];
// Years in the past: business times later than the server clock are refused.
const DAY0 = Date.UTC(2015, 0, 1);
const day = (n: number) => new Date(DAY0 + n * 86_400_000).toISOString();

interface LeadPlan {
  id: string;
  source: 'web' | 'seo' | 'event';
  capturedDay: number;
  outcome: 'open' | 'qualified' | 'no-budget' | 'duplicate';
  opportunity?: { path: number[]; outcome: 'open' | 'won' | 'lost' };
}

describe('the funnel over a generated history', () => {
  const plans: LeadPlan[] = fc
    .sample(
      fc.record({
        source: fc.constantFrom('web' as const, 'seo' as const, 'event' as const),
        capturedDay: fc.integer({ min: 0, max: 60 }),
        outcome: fc.constantFrom('open' as const, 'qualified' as const, 'qualified' as const, 'no-budget' as const, 'duplicate' as const),
        path: fc.uniqueArray(fc.integer({ min: 1, max: 4 }), { maxLength: 3 }).map((a) => a.sort()),
        opportunityOutcome: fc.constantFrom('open' as const, 'won' as const, 'lost' as const),
        hasOpportunity: fc.boolean(),
      }),
      { numRuns: 80, seed: 11 },
    )
    .map((p, i) => ({
      id: `fl-${i}`,
      source: p.source,
      capturedDay: p.capturedDay,
      outcome: p.outcome,
      opportunity: p.outcome === 'qualified' && p.hasOpportunity ? { path: p.path, outcome: p.opportunityOutcome } : undefined,
    }));
  let server: TestServer;

  beforeAll(async () => {
    server = await TestServer.start({ CRM_RATE_LIMIT_PER_SECOND: '0' });
    const send = (name: string, body: unknown) => server.mustCommand(name, body);
    for (const plan of plans) {
      const d = plan.capturedDay;
      await send('CaptureLead', { leadId: plan.id, source: plan.source, contact: { name: plan.id }, capturedAt: day(d) });
      if (plan.outcome === 'qualified') await send('QualifyLead', { leadId: plan.id, customerId: `c-${plan.id}`, at: day(d + 1) });
      else if (plan.outcome !== 'open') await send('DisqualifyLead', { leadId: plan.id, reason: plan.outcome, at: day(d + 1) });
      if (!plan.opportunity) continue;
      const opportunityId = `o-${plan.id}`;
      await send('OpenOpportunity', { opportunityId, customerId: `c-${plan.id}`, title: 't', openedAt: day(d + 2) });
      for (const [i, stage] of plan.opportunity.path.entries()) await send('AdvanceStage', { opportunityId, toStage: STAGES[stage], at: day(d + 3 + i * 2) });
      const closeDay = d + 3 + plan.opportunity.path.length * 2;
      if (plan.opportunity.outcome === 'won') await send('WinOpportunity', { opportunityId, value: 100, at: day(closeDay) });
      if (plan.opportunity.outcome === 'lost') await send('LoseOpportunity', { opportunityId, reason: 'price', at: day(closeDay) });
    }
  }, 60_000);
  afterAll(() => server.stop());

  const expected = (from: number, to: number, source?: string) => {
    const inSource = plans.filter((p) => !source || p.source === source);
    const within = (d: number) => d >= from && d <= to;
    const cohort = inSource.filter((p) => p.opportunity && within(p.capturedDay + 2));
    const reached = (index: number) => cohort.filter((p) => Math.max(0, ...p.opportunity!.path) >= index).length;
    return {
      captured: inSource.filter((p) => within(p.capturedDay)).length,
      qualified: inSource.filter((p) => p.outcome === 'qualified' && within(p.capturedDay + 1)).length,
      noBudget: inSource.filter((p) => p.outcome === 'no-budget' && within(p.capturedDay + 1)).length,
      duplicate: inSource.filter((p) => p.outcome === 'duplicate' && within(p.capturedDay + 1)).length,
      opened: cohort.length,
      reachedStage: Object.fromEntries(STAGES.map((stage, i) => [stage, reached(i)])),
      won: cohort.filter((p) => p.opportunity!.outcome === 'won').length,
      lost: cohort.filter((p) => p.opportunity!.outcome === 'lost').length,
    };
  };

  it.each([
    ['all time', 0, 1000, undefined],
    ['a period', 10, 40, undefined],
    ['one source', 0, 1000, 'seo'],
  ])('matches the counts computed from the plan for %s', async (_what, from, to, source) => {
    const params = new URLSearchParams({ from: day(from), to: day(to), minPosition: server.lastPosition, ...(source ? { source } : {}) });
    const reply = await server.send('GET', `/analytics/funnel?${params}`, undefined, { key: KEYS.analyst });
    expect(reply.status).toBe(200);
    const want = expected(from, to, source);
    expect(reply.body.leads).toEqual({
      captured: want.captured,
      qualified: want.qualified,
      disqualified: want.noBudget + want.duplicate,
      disqualifiedByReason: Object.fromEntries(Object.entries({ duplicate: want.duplicate, 'no-budget': want.noBudget }).filter(([, n]) => n > 0)),
    });
    expect(reply.body.opportunities).toEqual({ opened: want.opened, reachedStage: want.reachedStage, won: want.won, lost: want.lost });
    expect(reply.body.conversion[0]).toEqual({ from: 'captured', to: 'qualified', rate: want.captured ? Math.round((want.qualified / want.captured) * 1e4) / 1e4 : null });
    // Every stage move here takes two days, so every completed stage has a median of 2 days (or 1 for prospecting: opened, then 1 day to the first move).
    for (const [stage, days] of Object.entries(reply.body.medianDaysInStage)) {
      if (days !== null) expect([1, 2]).toContain(days);
      expect(STAGES).toContain(stage);
    }
  });
});
