import { CrmEvent } from '@crm/domain';
import { projectEvents, recorded } from '../testing/project-events';
import { TimelineItem } from './timeline.projection';
import { timelineProjection } from './timeline.projection';

const T = (day: number) => new Date(Date.UTC(2026, 0, 1 + day)).toISOString();
const contact = { name: 'Ann Secret', email: 'ann@secret.test', phone: '+1 555 0100' };

describe('timeline projection', () => {
  const events = [
    recorded({ type: 'LeadCaptured', data: { leadId: 'l1', source: 'web', contact, tags: [], capturedAt: T(0) } }, { streamId: 'lead-l1' }),
    recorded({ type: 'LeadTagged', data: { leadId: 'l1', tags: ['vip'], taggedAt: T(1) } }, { streamId: 'lead-l1' }),
    recorded({ type: 'LeadQualified', data: { leadId: 'l1', customerId: 'c1', at: T(2), source: 'web', contact, tags: ['vip'] } }, { streamId: 'lead-l1' }),
    recorded({ type: 'CustomerRegistered', data: { customerId: 'c1', ...contact, customFields: {}, currency: 'CNY', registeredAt: T(2), leadId: 'l1' } }, { streamId: 'customer-c1' }),
    recorded({ type: 'InteractionLogged', data: { customerId: 'c1', interactionId: 'i1', channel: 'call', direction: 'inbound', kind: 'complaint', summary: 'late', handledBy: 'eng-3', occurredAt: T(10) } }, { streamId: 'customer-c1' }),
    // Imported late: happened before the interaction, recorded after it.
    recorded({ type: 'PurchaseRecorded', data: { customerId: 'c1', orderId: 'o1', occurredAt: T(5), lines: [], total: 12 } }, { streamId: 'customer-c1' }),
    recorded({ type: 'OpportunityOpened', data: { opportunityId: 'op1', customerId: 'c1', title: 'Upgrade', stage: 'prospecting', openedAt: T(11) } }, { streamId: 'opportunity-op1' }),
    recorded({ type: 'OpportunityLost', data: { opportunityId: 'op1', customerId: 'c1', reason: 'price', stage: 'prospecting', at: T(12) } }, { streamId: 'opportunity-op1' }),
  ];

  it('gathers the customer\'s own, lead and opportunity events, ordered by business time then position', async () => {
    const docs = await projectEvents(timelineProjection, events);
    const items = Object.values(docs.timeline as Record<string, TimelineItem>).sort((a, b) => (a.sortKey < b.sortKey ? -1 : 1));
    expect(items.every((i) => i.customerId === 'c1')).toBe(true);
    expect(items.map((i) => i.type)).toEqual([
      'LeadCaptured', 'LeadTagged', 'LeadQualified', 'CustomerRegistered', 'PurchaseRecorded', 'InteractionLogged', 'OpportunityOpened', 'OpportunityLost',
    ]);
    expect(items.find((i) => i.type === 'InteractionLogged')).toEqual(
      expect.objectContaining({ actor: 'eng-3', kind: 'interaction', summary: 'Inbound call (complaint): late', streamId: 'customer-c1' }),
    );
    expect(items.find((i) => i.type === 'OpportunityLost')?.summary).toBe('Opportunity lost: price');
  });

  it('writes summaries without any personal field', async () => {
    const docs = await projectEvents(timelineProjection, events);
    const summaries = Object.values(docs.timeline).map((i) => i.summary).join('\n');
    for (const personal of Object.values(contact)) expect(summaries).not.toContain(personal);
  });

  it('holds a lead\'s items until the lead is qualified', async () => {
    const docs = await projectEvents(timelineProjection, events.slice(0, 2));
    expect(docs.timeline).toBeUndefined();
    expect((docs.timeline_leads.l1.items as unknown[]).length).toBe(2);
  });

  it('shows the erasure on the timeline with its reason', async () => {
    const forgotten = recorded({ type: 'CustomerForgotten', data: { customerId: 'c1', reason: 'request #12', forgottenAt: T(20) } }, { streamId: 'customer-c1' });
    const docs = await projectEvents(timelineProjection, [...events, forgotten]);
    expect(docs.timeline[forgotten.eventId]).toEqual(expect.objectContaining({ kind: 'profile', summary: 'Personal data erased: request #12', at: T(20) }));
  });
});
