import fc from 'fast-check';
import { addDays } from './core/business-time';
import { Decider, DomainCommand } from './core/decider';
import { CustomerCommand } from './customer/customer.commands';
import { customerDecider } from './customer/customer.decider';
import { CustomerEvent } from './customer/customer.events';
import { OpportunityCommand } from './opportunity/opportunity.commands';
import { opportunityDecider } from './opportunity/opportunity.decider';
import { OPPORTUNITY_STAGES, OpportunityEvent, stageIndex } from './opportunity/opportunity.events';

const T0 = '2026-01-01T00:00:00.000Z';
const metadata = { now: T0, dormancyThresholdDays: 30 };

/** Runs commands one by one, keeping the events of those the decider accepts (refusals append nothing). */
function run<C, S, E>(decider: Decider<C, S, E>, commands: C[]): E[] {
  let state = decider.initialState();
  const log: E[] = [];
  for (const command of commands) {
    let events: E[];
    try {
      events = decider.decide(command, state);
    } catch {
      continue;
    }
    for (const event of events) {
      state = decider.evolve(state, event);
      log.push(event);
    }
  }
  return log;
}

const day = fc.integer({ min: 0, max: 400 }).map((d) => addDays(T0, d));
const cmd = <C extends DomainCommand>(type: C['type'], data: C['data']) => ({ type, data, metadata }) as C;

const customerCommand: fc.Arbitrary<CustomerCommand> = fc.oneof(
  fc.record({ id: fc.integer({ min: 0, max: 50 }), at: day }).map(({ id, at }) =>
    cmd<CustomerCommand>('LogInteraction', { customerId: 'c', interactionId: `i${id}`, channel: 'call', direction: 'inbound', kind: 'other', summary: 's', occurredAt: at }),
  ),
  fc.record({ order: fc.integer({ min: 0, max: 8 }), at: day, price: fc.integer({ min: 0, max: 1000 }) }).map(({ order, at, price }) =>
    cmd<CustomerCommand>('RecordPurchase', { customerId: 'c', orderId: `o${order}`, occurredAt: at, lines: [{ productId: 'p', quantity: 2, unitPrice: price / 100 }] }),
  ),
  fc.record({ order: fc.integer({ min: 0, max: 8 }), at: day, amount: fc.integer({ min: 1, max: 2000 }) }).map(({ order, at, amount }) =>
    cmd<CustomerCommand>('RecordPayment', { customerId: 'c', orderId: `o${order}`, amount: amount / 100, occurredAt: at }),
  ),
  fc.record({ at: day, won: fc.boolean(), id: fc.integer({ min: 0, max: 20 }) }).map(({ at, won, id }) =>
    cmd<CustomerCommand>('RecordOpportunityActivity', { customerId: 'c', opportunityId: 'op', activity: won ? 'won' : 'advanced', at, sourceEventId: `e${id}` }),
  ),
  day.map((asOf) => cmd<CustomerCommand>('MarkDormantIfInactive', { customerId: 'c', asOf, thresholdDays: 30 })),
);

const register = cmd<CustomerCommand>('RegisterCustomer', { customerId: 'c', name: 'n', registeredAt: T0 });

describe('customer invariants over random command sequences', () => {
  it('order ids stay unique, payments never exceed the order, dormancy and reawakening alternate', () => {
    fc.assert(
      fc.property(fc.array(customerCommand, { maxLength: 60 }), (commands) => {
        const log = run(customerDecider, [register, ...commands]);
        const orders = log.filter((e): e is Extract<CustomerEvent, { type: 'PurchaseRecorded' }> => e.type === 'PurchaseRecorded');
        expect(new Set(orders.map((e) => e.data.orderId)).size).toBe(orders.length);

        for (const event of log) {
          if (event.type === 'PaymentRecorded') expect(event.data.outstandingAfter).toBeGreaterThanOrEqual(0);
        }

        const transitions = log.filter((e) => e.type === 'CustomerWentDormant' || e.type === 'CustomerReawakened').map((e) => e.type);
        transitions.forEach((type, i) => expect(type).toBe(i % 2 === 0 ? 'CustomerWentDormant' : 'CustomerReawakened'));

        const firstDormancy = log.findIndex((e) => e.type === 'CustomerWentDormant');
        if (firstDormancy >= 0) {
          const boughtBefore = log
            .slice(0, firstDormancy)
            .some((e) => e.type === 'PurchaseRecorded' || (e.type === 'OpportunityActivityRecorded' && e.data.activity === 'won'));
          expect(boughtBefore).toBe(true);
        }
      }),
      { numRuns: 300, seed: 20261122 },
    );
  });
});

const opportunityCommand: fc.Arbitrary<OpportunityCommand> = fc.oneof(
  fc.record({ stage: fc.constantFrom(...OPPORTUNITY_STAGES), reason: fc.option(fc.constant('why'), { nil: undefined }) }).map(({ stage, reason }) =>
    cmd<OpportunityCommand>('AdvanceStage', { opportunityId: 'o', toStage: stage, reason }),
  ),
  fc.nat(1000).map((value) => cmd<OpportunityCommand>('WinOpportunity', { opportunityId: 'o', value })),
  fc.constant(cmd<OpportunityCommand>('LoseOpportunity', { opportunityId: 'o', reason: 'price' })),
  fc.nat(1000).map((amount) => cmd<OpportunityCommand>('RecordQuote', { opportunityId: 'o', amount })),
);

describe('opportunity invariants over random command sequences', () => {
  it('stages follow the order, backward moves carry a reason, a closed opportunity never changes', () => {
    fc.assert(
      fc.property(fc.array(opportunityCommand, { maxLength: 40 }), (commands) => {
        const open = cmd<OpportunityCommand>('OpenOpportunity', { opportunityId: 'o', customerId: 'c', title: 't' });
        const log: OpportunityEvent[] = run(opportunityDecider, [open, ...commands]);
        let stage = 'prospecting' as (typeof OPPORTUNITY_STAGES)[number];
        let closed = false;
        for (const event of log.slice(1)) {
          expect(closed).toBe(false);
          if (event.type === 'StageAdvanced') {
            expect(event.data.from).toBe(stage);
            expect(event.data.to).not.toBe(stage);
            const forward = stageIndex(event.data.to) > stageIndex(stage);
            expect(event.data.direction).toBe(forward ? 'forward' : 'backward');
            if (!forward) expect(event.data.reason).toBeTruthy();
            stage = event.data.to;
          }
          if (event.type === 'OpportunityWon' || event.type === 'OpportunityLost') closed = true;
        }
        expect(log.filter((e) => e.type === 'OpportunityWon' || e.type === 'OpportunityLost').length).toBeLessThanOrEqual(1);
      }),
      { numRuns: 300, seed: 20261122 },
    );
  });
});
