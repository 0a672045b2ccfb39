import { CrmEvent } from '@crm/domain';
import { projectEvents, recorded } from '../testing/project-events';
import { customersProjection } from './customers.projection';

const T = (day: number) => new Date(Date.UTC(2026, 0, 1 + day)).toISOString();
const registeredEvent: CrmEvent = {
  type: 'CustomerRegistered',
  data: { customerId: 'c1', name: 'Li Wei', industry: 'retail', region: 'east', customFields: { tier: 'gold' }, currency: 'CNY', registeredAt: T(0), source: 'referral', leadId: 'l1' },
};
const purchase = (orderId: string, day: number): CrmEvent => ({
  type: 'PurchaseRecorded',
  data: { customerId: 'c1', orderId, occurredAt: T(day), lines: [], total: 10 },
});
const opp = (type: 'OpportunityOpened' | 'OpportunityWon' | 'OpportunityLost', id: string, day: number): CrmEvent =>
  ({
    type,
    data:
      type === 'OpportunityOpened'
        ? { opportunityId: id, customerId: 'c1', title: 't', stage: 'prospecting', openedAt: T(day) }
        : type === 'OpportunityWon'
          ? { opportunityId: id, customerId: 'c1', value: 5, stage: 'proposal', at: T(day) }
          : { opportunityId: id, customerId: 'c1', reason: 'price', stage: 'proposal', at: T(day) },
  }) as CrmEvent;

const customerAfter = async (events: CrmEvent[]) => (await projectEvents(customersProjection, events.map((e) => recorded(e)))).customers.c1;

describe('customers projection', () => {
  it('holds the profile with custom fields and owner, and the prospect stage at registration', async () => {
    const doc = await customerAfter([
      registeredEvent,
      { type: 'CustomerProfileUpdated', data: { customerId: 'c1', changes: { region: 'north' }, customFields: { tier: null, seats: 3 }, updatedAt: T(1) } },
      { type: 'OwnerAssigned', data: { customerId: 'c1', ownerId: 'rep-1', assignedAt: T(1) } },
    ]);
    expect(doc).toEqual(
      expect.objectContaining({ name: 'Li Wei', region: 'north', customFields: { seats: 3 }, ownerId: 'rep-1', source: 'referral', funnelStage: 'prospect', activity: 'active', since: T(0) }),
    );
  });

  it('moves prospect → opportunity → customer → repeat-customer, with history', async () => {
    const doc = await customerAfter([registeredEvent, opp('OpportunityOpened', 'o1', 5), opp('OpportunityWon', 'o1', 9), purchase('p1', 9), purchase('p2', 40)]);
    expect(doc.funnelStage).toBe('repeat-customer');
    expect(doc.since).toBe(T(40));
    expect(doc.history).toEqual([
      { at: T(0), funnelStage: 'prospect', activity: 'active', eventType: 'CustomerRegistered' },
      { at: T(5), funnelStage: 'opportunity', activity: 'active', eventType: 'OpportunityOpened' },
      { at: T(9), funnelStage: 'customer', activity: 'active', eventType: 'OpportunityWon' },
      { at: T(40), funnelStage: 'repeat-customer', activity: 'active', eventType: 'PurchaseRecorded' },
    ]);
  });

  it('is lost when all opportunities are lost, and an opportunity again when a new one opens', async () => {
    const lost = await customerAfter([registeredEvent, opp('OpportunityOpened', 'o1', 1), opp('OpportunityLost', 'o1', 2)]);
    expect(lost.funnelStage).toBe('lost');
    const reopened = await customerAfter([registeredEvent, opp('OpportunityOpened', 'o1', 1), opp('OpportunityLost', 'o1', 2), opp('OpportunityOpened', 'o2', 30)]);
    expect(reopened.funnelStage).toBe('opportunity');
    expect((reopened.history as { funnelStage: string }[]).map((h) => h.funnelStage)).toEqual(['prospect', 'opportunity', 'lost', 'opportunity']);
  });

  it('goes dormant and is reawakened, keeping reawakened until the next dormancy', async () => {
    const doc = await customerAfter([
      registeredEvent,
      purchase('p1', 1),
      { type: 'CustomerWentDormant', data: { customerId: 'c1', since: T(91), lastActivityAt: T(1) } },
      { type: 'CustomerReawakened', data: { customerId: 'c1', at: T(120), dormantSince: T(91) } },
      purchase('p2', 120),
    ]);
    expect(doc).toEqual(expect.objectContaining({ activity: 'reawakened', reawakenedAt: T(120), lastActivityAt: T(120), funnelStage: 'repeat-customer' }));
    expect(doc).not.toHaveProperty('dormantSince');
    expect((doc.history as { activity: string }[]).map((h) => h.activity)).toEqual(['active', 'active', 'dormant', 'reawakened', 'reawakened']);
  });

  it('keeps the latest business time as last activity when history arrives out of order', async () => {
    const doc = await customerAfter([registeredEvent, purchase('p1', 50), purchase('p2', 10)]);
    expect(doc.lastActivityAt).toBe(T(50));
  });

  it('records when the customer was forgotten and keeps every figure (personal fields stay sealed; the API reveals them as erased)', async () => {
    const before = await customerAfter([registeredEvent, purchase('p1', 1)]);
    const after = await customerAfter([registeredEvent, purchase('p1', 1), { type: 'CustomerForgotten', data: { customerId: 'c1', reason: 'request', forgottenAt: T(5) } }]);
    expect(after).toEqual({ ...before, forgottenAt: T(5) });
  });
});
