import { day } from '../../support/mixed-history';

export type Step = [command: string, body: Record<string, unknown>];

/** A customer every script writes to, so that API processes clash on one stream and retry. */
export const HOT_CUSTOMER = 'so-hot';

const SOURCES = ['web', 'event', 'referral'] as const;

/**
 * What one client does for one lead, in order (each step needs the one before it): capture it,
 * then either disqualify it or qualify it (the reaction registers its customer) and work the
 * customer: interactions, a purchase, an opportunity to a win or a loss, a payment. Each script
 * also logs one interaction on the hot customer.
 */
export function scaleOutScripts(count: number): Step[][] {
  return Array.from({ length: count }, (_, i) => {
    const leadId = `so-l${i}`;
    const customerId = `so-c${i}`;
    const opportunityId = `so-o${i}`;
    const orderId = `so-order-${i}`;
    const capture: Step = ['CaptureLead', { leadId, source: SOURCES[i % 3], campaign: `so-campaign-${i % 4}`, contact: { name: `Lead ${i}`, company: `Co ${i}` }, capturedAt: day(0) }];
    if (i % 5 === 4) return [capture, ['DisqualifyLead', { leadId, reason: 'no-budget', at: day(1) }]];
    const close: Step = i % 3 === 0 ? ['LoseOpportunity', { opportunityId, reason: 'price', at: day(6) }] : ['WinOpportunity', { opportunityId, value: 900 + i, at: day(6) }];
    return [
      capture,
      ['QualifyLead', { leadId, customerId, score: 50 + i, at: day(1) }],
      ['LogInteraction', { customerId, channel: 'call', direction: 'outbound', kind: 'follow-up', summary: `call ${i}`, occurredAt: day(2), satisfaction: { perceived: i % 11, expected: 7 } }],
      ['LogInteraction', { customerId: HOT_CUSTOMER, channel: 'email', direction: 'inbound', kind: 'feedback', summary: `about ${customerId}`, occurredAt: day(2) }],
      ['RecordPurchase', { customerId, orderId, occurredAt: day(3), lines: [{ productId: `p${i % 3}`, quantity: 1 + (i % 4), unitPrice: 100 * (i + 1), unitCost: 40 * (i + 1) }] }],
      ['OpenOpportunity', { opportunityId, customerId, title: `Deal ${i}`, expectedValue: 1000 + i, openedAt: day(4) }],
      ['AdvanceStage', { opportunityId, toStage: 'proposal', at: day(5) }],
      close,
      ['RecordPayment', { customerId, orderId, amount: 50 * (i + 1), occurredAt: day(7) }],
    ];
  });
}
