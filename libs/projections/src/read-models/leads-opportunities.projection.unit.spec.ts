import { CrmEvent } from '@crm/domain';
import { projectEvents, recorded } from '../testing/project-events';
import { leadsProjection } from './leads.projection';
import { opportunitiesProjection } from './opportunities.projection';

const T = (day: number) => new Date(Date.UTC(2026, 0, 1 + day)).toISOString();
const captured: CrmEvent = {
  type: 'LeadCaptured',
  data: { leadId: 'l1', source: 'seo', campaign: 'c', contact: { name: 'Ann', company: 'Acme', region: 'east' }, tags: ['retail'], capturedAt: T(0) },
};

describe('leads projection', () => {
  it('tracks status, tags and the customer, with one tag document per tag carrying the status', async () => {
    const docs = await projectEvents(leadsProjection, [
      captured,
      { type: 'LeadTagged', data: { leadId: 'l1', tags: ['hot'], taggedAt: T(1) } },
      { type: 'LeadQualified', data: { leadId: 'l1', customerId: 'c1', score: 70, at: T(2), source: 'seo', contact: { name: 'Ann' }, tags: [] } },
    ].map((e) => recorded(e as CrmEvent)));
    expect(docs.leads.l1).toEqual(
      expect.objectContaining({ leadId: 'l1', source: 'seo', name: 'Ann', company: 'Acme', tags: ['retail', 'hot'], status: 'qualified', customerId: 'c1', score: 70, qualifiedAt: T(2) }),
    );
    expect(Object.values(docs.lead_tags).map((d) => [d.tag, d.status])).toEqual([
      ['retail', 'qualified'],
      ['hot', 'qualified'],
    ]);
  });

  it('records the disqualification reason', async () => {
    const docs = await projectEvents(leadsProjection, [captured, { type: 'LeadDisqualified', data: { leadId: 'l1', reason: 'no-budget', at: T(3) } } as CrmEvent].map((e) => recorded(e)));
    expect(docs.leads.l1).toEqual(expect.objectContaining({ status: 'disqualified', disqualifyReason: 'no-budget', disqualifiedAt: T(3) }));
  });
});

describe('opportunities projection', () => {
  const opened: CrmEvent = { type: 'OpportunityOpened', data: { opportunityId: 'o1', customerId: 'c1', title: 'Deal', expectedValue: 100, stage: 'prospecting', openedAt: T(0) } };

  it('follows stages, including a backward move with its reason, quotes and the win', async () => {
    const docs = await projectEvents(opportunitiesProjection, [
      opened,
      { type: 'StageAdvanced', data: { opportunityId: 'o1', customerId: 'c1', from: 'prospecting', to: 'proposal', direction: 'forward', at: T(1) } },
      { type: 'StageAdvanced', data: { opportunityId: 'o1', customerId: 'c1', from: 'proposal', to: 'qualification', direction: 'backward', reason: 'scope', at: T(2) } },
      { type: 'QuoteRecorded', data: { opportunityId: 'o1', customerId: 'c1', amount: 90, at: T(3) } },
      { type: 'OpportunityWon', data: { opportunityId: 'o1', customerId: 'c1', value: 95, stage: 'qualification', at: T(4) } },
    ].map((e) => recorded(e as CrmEvent)));
    expect(docs.opportunities.o1).toEqual(
      expect.objectContaining({
        stage: 'qualification', status: 'won', value: 95, closedAt: T(4), quotes: 1, lastQuote: { amount: 90, at: T(3) },
        stageHistory: [
          { stage: 'prospecting', at: T(0), direction: 'opened' },
          { stage: 'proposal', at: T(1), direction: 'forward' },
          { stage: 'qualification', at: T(2), direction: 'backward', reason: 'scope' },
        ],
      }),
    );
  });

  it('records a loss with its reason and competitor', async () => {
    const docs = await projectEvents(opportunitiesProjection, [
      opened,
      { type: 'OpportunityLost', data: { opportunityId: 'o1', customerId: 'c1', reason: 'price', competitor: 'Rival', stage: 'prospecting', at: T(5) } } as CrmEvent,
    ].map((e) => recorded(e)));
    expect(docs.opportunities.o1).toEqual(expect.objectContaining({ status: 'lost', lostReason: 'price', competitor: 'Rival', closedAt: T(5) }));
  });
});
