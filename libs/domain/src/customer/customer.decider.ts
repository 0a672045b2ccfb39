import { Decider } from '../core/decider';
import { AggregateNotFound, RuleViolation } from '../core/domain-errors';
import { assertNever } from '../core/exhaustive';
import { fromMinor, multiplyMoney, sumMoney, toMinor } from '../core/money';
import { CustomerCommand, RecordPurchase, UpdateCustomerProfile } from './customer.commands';
import { CustomFieldValue, CustomerEvent, CustomerProfile, PurchaseLine } from './customer.events';
import { CustomerState, RegisteredCustomer, evolveCustomer, initialCustomerState } from './customer.state';
import { dormancyAsOf, withDormancyRules } from './dormancy';
import { PERSONAL_FIELDS } from '../personal-data';

export const DEFAULT_CURRENCY = 'CNY';

const PROFILE_FIELDS = ['name', 'company', 'industry', 'region', 'size', 'email', 'phone'] as const;

export function decideCustomer(command: CustomerCommand, state: CustomerState): CustomerEvent[] {
  const { now, dormancyThresholdDays } = command.metadata;

  if (command.type === 'RegisterCustomer') {
    if (state.status === 'registered') {
      throw new RuleViolation('customer-already-registered', `customer '${command.data.customerId}' is already registered`);
    }
    const { registeredAt, customFields, currency, ...profile } = command.data;
    return [
      {
        type: 'CustomerRegistered',
        data: {
          ...profile,
          customFields: customFields ?? {},
          currency: currency ?? DEFAULT_CURRENCY,
          registeredAt: registeredAt ?? now,
        },
      },
    ];
  }
  if (command.type === 'RegisterCustomerFromLead') {
    // A customer who exists already (registered directly, or from this or another lead) stays as is:
    // redelivering the LeadQualified event must never register twice.
    if (state.status === 'registered') return [];
    const { customerId, leadId, source, campaign, contact, tags, registeredAt } = command.data;
    const { name, company, email, phone, industry, region } = contact;
    return [
      {
        type: 'CustomerRegistered',
        data: {
          customerId,
          name,
          company,
          email,
          phone,
          industry,
          region,
          customFields: {},
          currency: DEFAULT_CURRENCY,
          registeredAt,
          leadId,
          source,
          campaign,
          tags,
        },
      },
    ];
  }
  if (state.status === 'unregistered') throw new AggregateNotFound('customer', command.data.customerId);
  const customerId = state.customerId;

  switch (command.type) {
    case 'UpdateCustomerProfile':
      return profileChanges(command, state);
    case 'AssignOwner':
      if (state.ownerId === command.data.ownerId) return [];
      return [
        {
          type: 'OwnerAssigned',
          data: { customerId, ownerId: command.data.ownerId, previousOwnerId: state.ownerId, assignedAt: now },
        },
      ];
    case 'LogInteraction': {
      const { interactionId, channel, direction, kind, summary, actor, occurredAt, satisfaction } = command.data;
      if (state.interactionIds.has(interactionId)) {
        throw new RuleViolation('interaction-already-logged', `interaction '${interactionId}' is already logged`);
      }
      const at = occurredAt ?? now;
      return withDormancyRules(state, at, dormancyThresholdDays, {
        type: 'InteractionLogged',
        data: { customerId, interactionId, channel, direction, kind, summary, handledBy: actor, occurredAt: at, satisfaction },
      });
    }
    case 'RecordPurchase': {
      const at = command.data.occurredAt ?? now;
      return withDormancyRules(state, at, dormancyThresholdDays, purchase(command, state, at));
    }
    case 'RecordPayment': {
      const { orderId, amount, occurredAt } = command.data;
      const order = state.orders.get(orderId);
      if (!order) throw new RuleViolation('order-unknown', `order '${orderId}' has no recorded purchase`);
      if (!(amount > 0)) throw new RuleViolation('payment-amount-positive', 'a payment amount must be greater than 0');
      const outstandingMinor = order.totalMinor - order.paidMinor;
      if (toMinor(amount) > outstandingMinor) {
        throw new RuleViolation(
          'payment-exceeds-outstanding',
          `payment ${amount} exceeds the ${fromMinor(outstandingMinor)} outstanding on order '${orderId}'`,
        );
      }
      const at = occurredAt ?? now;
      return withDormancyRules(state, at, dormancyThresholdDays, {
        type: 'PaymentRecorded',
        data: { customerId, orderId, amount, occurredAt: at, outstandingAfter: fromMinor(outstandingMinor - toMinor(amount)) },
      });
    }
    case 'RecordCost': {
      const { costId, category, amount, occurredAt, note } = command.data;
      if (state.costIds.has(costId)) throw new RuleViolation('cost-already-recorded', `cost '${costId}' is already recorded`);
      if (!(amount >= 0)) throw new RuleViolation('cost-amount-not-negative', 'a cost amount must not be negative');
      // A cost to serve is the firm's activity, not the customer's: it does not count for dormancy.
      return [{ type: 'CostRecorded', data: { customerId, costId, category, amount, occurredAt: occurredAt ?? now, note } }];
    }
    case 'RecordOpportunityActivity': {
      const { opportunityId, activity, at, sourceEventId, value } = command.data;
      if (state.recordedOpportunityEvents.has(sourceEventId)) return [];
      return withDormancyRules(state, at, dormancyThresholdDays, {
        type: 'OpportunityActivityRecorded',
        data: { customerId, opportunityId, activity, at, sourceEventId, value },
      });
    }
    case 'MarkDormantIfInactive':
      return dormancyAsOf(state, command.data.asOf, command.data.thresholdDays);
    case 'ForgetCustomer':
      if (state.forgottenAt !== undefined) {
        throw new RuleViolation('customer-already-forgotten', `customer '${customerId}' was already forgotten at ${state.forgottenAt}`);
      }
      return [{ type: 'CustomerForgotten', data: { customerId, reason: command.data.reason, forgottenAt: now } }];
    default:
      return assertNever(command, 'customer command');
  }
}

function purchase(command: RecordPurchase, state: RegisteredCustomer, at: string): CustomerEvent {
  const { orderId, lines } = command.data;
  if (state.orders.has(orderId)) throw new RuleViolation('order-already-recorded', `order '${orderId}' is already recorded`);
  if (lines.length === 0) throw new RuleViolation('purchase-needs-lines', 'a purchase needs at least one line');
  for (const line of lines) {
    if (!(line.quantity > 0)) throw new RuleViolation('quantity-positive', 'a line quantity must be greater than 0');
    if (!(line.unitPrice >= 0) || (line.unitCost !== undefined && !(line.unitCost >= 0))) {
      throw new RuleViolation('price-not-negative', 'prices and costs must not be negative');
    }
  }
  const valued: PurchaseLine[] = lines.map((line) => ({
    ...line,
    amount: multiplyMoney(line.quantity, line.unitPrice),
    cost: line.unitCost === undefined ? undefined : multiplyMoney(line.quantity, line.unitCost),
  }));
  const costs = valued.map((line) => line.cost);
  const allCostsKnown = costs.every((cost): cost is number => cost !== undefined);
  return {
    type: 'PurchaseRecorded',
    data: {
      customerId: state.customerId,
      orderId,
      occurredAt: at,
      lines: valued,
      total: sumMoney(valued.map((line) => line.amount)),
      totalCost: allCostsKnown ? sumMoney(costs) : undefined,
    },
  };
}

function profileChanges(command: UpdateCustomerProfile, state: RegisteredCustomer): CustomerEvent[] {
  const changes: Partial<CustomerProfile> = {};
  for (const field of PROFILE_FIELDS) {
    const value = command.data[field];
    if (value !== undefined && value !== state.profile[field]) changes[field] = value;
  }
  const personal = PERSONAL_FIELDS.filter((field) => changes[field] !== undefined);
  if (state.forgottenAt !== undefined && personal.length > 0) {
    throw new RuleViolation('customer-forgotten', `customer '${state.customerId}' was forgotten: personal data (${personal.join(', ')}) can no longer be recorded`);
  }
  const customFields: Record<string, CustomFieldValue | null> = {};
  for (const [key, value] of Object.entries(command.data.customFields ?? {})) {
    const current = Object.hasOwn(state.customFields, key) ? state.customFields[key] : undefined;
    if (value === null ? current !== undefined : current !== value) customFields[key] = value;
  }
  if (Object.keys(changes).length === 0 && Object.keys(customFields).length === 0) return [];
  return [
    {
      type: 'CustomerProfileUpdated',
      data: { customerId: state.customerId, changes, customFields, updatedAt: command.metadata.now },
    },
  ];
}

export const customerDecider: Decider<CustomerCommand, CustomerState, CustomerEvent> = {
  decide: decideCustomer,
  evolve: evolveCustomer,
  initialState: initialCustomerState,
};
