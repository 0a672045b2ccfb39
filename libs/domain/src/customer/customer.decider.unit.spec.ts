import { addDays } from '../core/business-time';
import { context, givenWhen, NOW, refused } from '../testing/given-when-then';
import { CustomerCommand } from './customer.commands';
import { customerDecider } from './customer.decider';
import { CustomerEvent, CustomerForgotten, CustomerRegistered, PurchaseRecorded } from './customer.events';
import { evolveCustomer, initialCustomerState } from './customer.state';

const T0 = '2026-01-01T00:00:00.000Z';
const registered: CustomerRegistered = {
  type: 'CustomerRegistered',
  data: { customerId: 'c1', name: 'Li Wei', industry: 'retail', customFields: { tier: 'gold' }, currency: 'CNY', registeredAt: T0 },
};
const forgotten: CustomerForgotten = { type: 'CustomerForgotten', data: { customerId: 'c1', reason: 'request', forgottenAt: T0 } };
const purchased = (orderId: string, at: string, total = 100): PurchaseRecorded => ({
  type: 'PurchaseRecorded',
  data: { customerId: 'c1', orderId, occurredAt: at, lines: [{ productId: 'p', quantity: 1, unitPrice: total, amount: total }], total },
});

type Data<T extends CustomerCommand['type']> = Omit<Extract<CustomerCommand, { type: T }>['data'], 'customerId'>;
const cmd = <T extends CustomerCommand['type']>(type: T, data: Data<T>, days = 90) =>
  ({ type, data: { customerId: 'c1', ...data }, metadata: context({ dormancyThresholdDays: days }) }) as CustomerCommand;

const interaction = (occurredAt: string) =>
  cmd('LogInteraction', { interactionId: `i-${occurredAt}`, channel: 'call', direction: 'inbound', kind: 'follow-up', summary: 'called', occurredAt });
const logged = (occurredAt: string) => ({
  type: 'InteractionLogged',
  data: expect.objectContaining({ interactionId: `i-${occurredAt}`, occurredAt }),
});
const wentDormant = (since: string, lastActivityAt: string) => ({
  type: 'CustomerWentDormant',
  data: { customerId: 'c1', since, lastActivityAt },
});
const reawakened = (at: string, dormantSince: string) => ({ type: 'CustomerReawakened', data: { customerId: 'c1', at, dormantSince } });
const ms = (iso: string, delta: number) => new Date(Date.parse(iso) + delta).toISOString();

type Case = { name: string; given: CustomerEvent[]; when: CustomerCommand; then: unknown };

describe('customer decider', () => {
  test.each<Case>([
    {
      name: 'registering directly defaults currency, custom fields and business time',
      given: [],
      when: cmd('RegisterCustomer', { name: 'Li Wei', region: 'east' }),
      then: [{ type: 'CustomerRegistered', data: { customerId: 'c1', name: 'Li Wei', region: 'east', customFields: {}, currency: 'CNY', registeredAt: NOW } }],
    },
    {
      name: 'registering an existing customer is refused',
      given: [registered],
      when: cmd('RegisterCustomer', { name: 'x' }),
      then: refused('RuleViolation', 'customer-already-registered'),
    },
    {
      name: 'registering from a qualified lead copies the lead contact and source',
      given: [],
      when: cmd('RegisterCustomerFromLead', {
        leadId: 'l1', source: 'referral', contact: { name: 'Ann', email: 'a@x.test', region: 'west' }, tags: ['vip'], registeredAt: T0,
      }),
      then: [
        {
          type: 'CustomerRegistered',
          data: expect.objectContaining({ customerId: 'c1', name: 'Ann', email: 'a@x.test', region: 'west', leadId: 'l1', source: 'referral', tags: ['vip'], registeredAt: T0 }),
        },
      ],
    },
    {
      name: 'registering from a lead when the customer exists is a no-op (redelivery never registers twice)',
      given: [registered],
      when: cmd('RegisterCustomerFromLead', { leadId: 'l1', source: 'web', contact: { name: 'Ann' }, tags: [], registeredAt: T0 }),
      then: [],
    },
    {
      name: 'updating the profile records only what changed; null removes a custom field',
      given: [registered],
      when: cmd('UpdateCustomerProfile', { name: 'Li Wei', region: 'north', customFields: { tier: null, seats: 12, missing: null } }),
      then: [{ type: 'CustomerProfileUpdated', data: { customerId: 'c1', changes: { region: 'north' }, customFields: { tier: null, seats: 12 }, updatedAt: NOW } }],
    },
    {
      name: 'updating with nothing new records nothing',
      given: [registered],
      when: cmd('UpdateCustomerProfile', { industry: 'retail', customFields: { tier: 'gold' } }),
      then: [],
    },
    {
      name: 'assigning an owner remembers the previous one',
      given: [registered, { type: 'OwnerAssigned', data: { customerId: 'c1', ownerId: 'rep-1', assignedAt: T0 } }],
      when: cmd('AssignOwner', { ownerId: 'rep-2' }),
      then: [{ type: 'OwnerAssigned', data: { customerId: 'c1', ownerId: 'rep-2', previousOwnerId: 'rep-1', assignedAt: NOW } }],
    },
    {
      name: 'assigning the current owner records nothing',
      given: [registered, { type: 'OwnerAssigned', data: { customerId: 'c1', ownerId: 'rep-1', assignedAt: T0 } }],
      when: cmd('AssignOwner', { ownerId: 'rep-1' }),
      then: [],
    },
    {
      name: 'logging an interaction records channel, direction, kind and satisfaction',
      given: [registered],
      when: cmd('LogInteraction', {
        interactionId: 'i1', channel: 'support', direction: 'inbound', kind: 'complaint', summary: 'late delivery',
        actor: 'eng-7', satisfaction: { perceived: 4, expected: 8 },
      }),
      then: [
        {
          type: 'InteractionLogged',
          data: {
            customerId: 'c1', interactionId: 'i1', channel: 'support', direction: 'inbound', kind: 'complaint', summary: 'late delivery',
            handledBy: 'eng-7', occurredAt: NOW, satisfaction: { perceived: 4, expected: 8 },
          },
        },
      ],
    },
    {
      name: 'a purchase values each line and totals price and cost exactly',
      given: [registered],
      when: cmd('RecordPurchase', {
        orderId: 'o1', occurredAt: T0,
        lines: [{ productId: 'a', quantity: 3, unitPrice: 0.1, unitCost: 0.05 }, { productId: 'b', quantity: 1, unitPrice: 0.2, unitCost: 0.1 }],
      }),
      then: [
        {
          type: 'PurchaseRecorded',
          data: {
            customerId: 'c1', orderId: 'o1', occurredAt: T0,
            lines: [
              { productId: 'a', quantity: 3, unitPrice: 0.1, unitCost: 0.05, amount: 0.3, cost: 0.15 },
              { productId: 'b', quantity: 1, unitPrice: 0.2, unitCost: 0.1, amount: 0.2, cost: 0.1 },
            ],
            total: 0.5, totalCost: 0.25,
          },
        },
      ],
    },
    {
      name: 'a purchase with a line of unknown cost has no total cost',
      given: [registered],
      when: cmd('RecordPurchase', { orderId: 'o1', occurredAt: T0, lines: [{ productId: 'a', quantity: 1, unitPrice: 5 }] }),
      then: [expect.objectContaining({ data: expect.objectContaining({ total: 5, totalCost: undefined }) })],
    },
    { name: 'the same order id twice is refused', given: [registered, purchased('o1', T0)], when: cmd('RecordPurchase', { orderId: 'o1', lines: [{ productId: 'a', quantity: 1, unitPrice: 1 }] }), then: refused('RuleViolation', 'order-already-recorded') },
    { name: 'a purchase without lines is refused', given: [registered], when: cmd('RecordPurchase', { orderId: 'o1', lines: [] }), then: refused('RuleViolation', 'purchase-needs-lines') },
    { name: 'a zero quantity is refused', given: [registered], when: cmd('RecordPurchase', { orderId: 'o1', lines: [{ productId: 'a', quantity: 0, unitPrice: 1 }] }), then: refused('RuleViolation', 'quantity-positive') },
    { name: 'a negative price is refused', given: [registered], when: cmd('RecordPurchase', { orderId: 'o1', lines: [{ productId: 'a', quantity: 1, unitPrice: -1 }] }), then: refused('RuleViolation', 'price-not-negative') },
    {
      name: 'a payment reduces what the order still owes',
      given: [registered, purchased('o1', T0, 100), { type: 'PaymentRecorded', data: { customerId: 'c1', orderId: 'o1', amount: 30, occurredAt: T0, outstandingAfter: 70 } }],
      when: cmd('RecordPayment', { orderId: 'o1', amount: 20.5, occurredAt: T0 }),
      then: [{ type: 'PaymentRecorded', data: { customerId: 'c1', orderId: 'o1', amount: 20.5, occurredAt: T0, outstandingAfter: 49.5 } }],
    },
    { name: 'a payment for an unknown order is refused', given: [registered], when: cmd('RecordPayment', { orderId: 'o9', amount: 1 }), then: refused('RuleViolation', 'order-unknown') },
    { name: 'a payment over what is owed is refused', given: [registered, purchased('o1', T0, 100)], when: cmd('RecordPayment', { orderId: 'o1', amount: 100.01, occurredAt: T0 }), then: refused('RuleViolation', 'payment-exceeds-outstanding') },
    { name: 'a zero payment is refused', given: [registered, purchased('o1', T0, 100)], when: cmd('RecordPayment', { orderId: 'o1', amount: 0, occurredAt: T0 }), then: refused('RuleViolation', 'payment-amount-positive') },
    {
      name: 'a cost to serve is recorded and is not customer activity',
      given: [registered, purchased('o1', T0)],
      when: cmd('RecordCost', { costId: 'k1', category: 'support', amount: 12, occurredAt: addDays(T0, 400) }),
      then: [{ type: 'CostRecorded', data: { customerId: 'c1', costId: 'k1', category: 'support', amount: 12, occurredAt: addDays(T0, 400), note: undefined } }],
    },
    {
      name: 'the same cost id twice is refused',
      given: [registered, { type: 'CostRecorded', data: { customerId: 'c1', costId: 'k1', category: 'support', amount: 1, occurredAt: T0 } }],
      when: cmd('RecordCost', { costId: 'k1', category: 'support', amount: 2 }),
      then: refused('RuleViolation', 'cost-already-recorded'),
    },
    { name: 'any command for an unregistered customer is not found', given: [], when: cmd('AssignOwner', { ownerId: 'r' }), then: refused('AggregateNotFound') },
    {
      name: 'forgetting a customer records why and when',
      given: [registered, purchased('o1', T0)],
      when: cmd('ForgetCustomer', { reason: 'GDPR art. 17 request #12' }),
      then: [{ type: 'CustomerForgotten', data: { customerId: 'c1', reason: 'GDPR art. 17 request #12', forgottenAt: NOW } }],
    },
    { name: 'forgetting an unknown customer is not found', given: [], when: cmd('ForgetCustomer', { reason: 'r' }), then: refused('AggregateNotFound') },
    {
      name: 'forgetting a customer twice is refused',
      given: [registered, forgotten],
      when: cmd('ForgetCustomer', { reason: 'again' }),
      then: refused('RuleViolation', 'customer-already-forgotten'),
    },
    {
      name: 'a forgotten customer takes no new personal data',
      given: [registered, forgotten],
      when: cmd('UpdateCustomerProfile', { email: 'new@x.test' }),
      then: refused('RuleViolation', 'customer-forgotten'),
    },
    {
      name: 'a forgotten customer still takes non-personal profile changes',
      given: [registered, forgotten],
      when: cmd('UpdateCustomerProfile', { region: 'north' }),
      then: [{ type: 'CustomerProfileUpdated', data: { customerId: 'c1', changes: { region: 'north' }, customFields: {}, updatedAt: NOW } }],
    },
    {
      name: 'a forgotten customer still buys (value figures keep counting)',
      given: [registered, forgotten],
      when: cmd('RecordPurchase', { orderId: 'o9', occurredAt: T0, lines: [{ productId: 'p', quantity: 2, unitPrice: 5 }] }),
      then: [expect.objectContaining({ type: 'PurchaseRecorded', data: expect.objectContaining({ orderId: 'o9', total: 10 }) })],
    },
  ])('$name', ({ given, when, then }) => {
    expect(givenWhen(customerDecider, given, when)).toEqual(then);
  });

  it('after forgetting, the state holds no personal value (so no cached fold keeps one)', () => {
    const state = [registered, forgotten].reduce(evolveCustomer, initialCustomerState());
    expect(state).toMatchObject({ profile: { name: '[erased]', industry: 'retail' }, forgottenAt: T0 });
    expect(JSON.stringify(state)).not.toContain('Li Wei');
  });

  it('refuses an interaction id that is already logged', () => {
    const first = givenWhen(customerDecider, [registered], interaction(T0)) as CustomerEvent[];
    expect(givenWhen(customerDecider, [registered, ...first], interaction(T0))).toEqual(refused('RuleViolation', 'interaction-already-logged'));
  });
});

describe('dormancy and reawakening (T = 90 days, business time)', () => {
  const bought = [registered, purchased('o1', T0)];
  const since = addDays(T0, 90);
  const dormant = [...bought, wentDormant(since, T0) as CustomerEvent];

  test.each<Case>([
    { name: 'a gap just under T keeps the customer active', given: bought, when: interaction(ms(since, -1)), then: [logged(ms(since, -1))] },
    { name: 'a gap of exactly T keeps the customer active', given: bought, when: interaction(since), then: [logged(since)] },
    {
      name: 'a gap just over T records the dormant period, then the reawakening, then the activity',
      given: bought,
      when: interaction(ms(since, 1)),
      then: [wentDormant(since, T0), reawakened(ms(since, 1), since), logged(ms(since, 1))],
    },
    {
      name: 'a customer who never purchased or won does not go dormant',
      given: [registered],
      when: interaction(addDays(T0, 400)),
      then: [logged(addDays(T0, 400))],
    },
    {
      name: 'a won opportunity counts as buying',
      given: [registered, { type: 'OpportunityActivityRecorded', data: { customerId: 'c1', opportunityId: 'op', activity: 'won', at: T0, sourceEventId: 'e1' } }],
      when: interaction(addDays(T0, 100)),
      then: [wentDormant(since, T0), reawakened(addDays(T0, 100), since), logged(addDays(T0, 100))],
    },
    {
      name: 'an activity for a customer already dormant is preceded by the reawakening',
      given: dormant,
      when: interaction(addDays(T0, 200)),
      then: [reawakened(addDays(T0, 200), since), logged(addDays(T0, 200))],
    },
    {
      name: 'late history dated before the dormancy began does not reawaken',
      given: dormant,
      when: interaction(addDays(T0, 30)),
      then: [logged(addDays(T0, 30))],
    },
    {
      name: 'an out-of-order activity earlier than the last one is no gap',
      given: [...bought, purchased('o2', addDays(T0, 200)) as CustomerEvent, wentDormant(since, T0) as CustomerEvent, reawakened(addDays(T0, 200), since) as CustomerEvent],
      when: interaction(addDays(T0, 150)),
      then: [logged(addDays(T0, 150))],
    },
    {
      name: 'the gap is measured from the latest business time seen, not the last command',
      given: [...bought, purchased('o2', addDays(T0, 80)), purchased('o3', addDays(T0, 10))],
      when: interaction(addDays(T0, 160)),
      then: [logged(addDays(T0, 160))],
    },
    {
      name: 'a reawakened customer can go dormant again',
      given: [...dormant, reawakened(addDays(T0, 200), since) as CustomerEvent, purchased('o2', addDays(T0, 200))],
      when: interaction(addDays(T0, 300)),
      then: [wentDormant(addDays(T0, 290), addDays(T0, 200)), reawakened(addDays(T0, 300), addDays(T0, 290)), logged(addDays(T0, 300))],
    },
    {
      name: 'the threshold comes with the command',
      given: bought,
      when: cmd('LogInteraction', { interactionId: 'i', channel: 'call', direction: 'inbound', kind: 'other', summary: 's', occurredAt: addDays(T0, 31) }, 30),
      then: [wentDormant(addDays(T0, 30), T0), reawakened(addDays(T0, 31), addDays(T0, 30)), expect.objectContaining({ type: 'InteractionLogged' })],
    },
    {
      name: 'a payment and an opportunity advance are activities too',
      given: bought,
      when: cmd('RecordOpportunityActivity', { opportunityId: 'op', activity: 'advanced', at: addDays(T0, 95), sourceEventId: 'e9' }),
      then: [wentDormant(since, T0), reawakened(addDays(T0, 95), since), expect.objectContaining({ type: 'OpportunityActivityRecorded' })],
    },
    {
      name: 'an opportunity event recorded once is not recorded again',
      given: [registered, { type: 'OpportunityActivityRecorded', data: { customerId: 'c1', opportunityId: 'op', activity: 'opened', at: T0, sourceEventId: 'e1' } }],
      when: cmd('RecordOpportunityActivity', { opportunityId: 'op', activity: 'opened', at: T0, sourceEventId: 'e1' }),
      then: [],
    },
    { name: 'the sweep marks a customer inactive for more than T as dormant since last + T', given: bought, when: cmd('MarkDormantIfInactive', { asOf: addDays(T0, 120), thresholdDays: 90 }), then: [wentDormant(since, T0)] },
    { name: 'the sweep leaves a customer inactive for exactly T', given: bought, when: cmd('MarkDormantIfInactive', { asOf: since, thresholdDays: 90 }), then: [] },
    { name: 'the sweep appends nothing for a customer already dormant', given: dormant, when: cmd('MarkDormantIfInactive', { asOf: addDays(T0, 500), thresholdDays: 90 }), then: [] },
    { name: 'the sweep ignores a customer who never bought', given: [registered], when: cmd('MarkDormantIfInactive', { asOf: addDays(T0, 500), thresholdDays: 90 }), then: [] },
    { name: 'the sweep uses its own threshold', given: bought, when: cmd('MarkDormantIfInactive', { asOf: addDays(T0, 40), thresholdDays: 30 }), then: [wentDormant(addDays(T0, 30), T0)] },
  ])('$name', ({ given, when, then }) => {
    expect(givenWhen(customerDecider, given, when)).toEqual(then);
  });
});
