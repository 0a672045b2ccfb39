import { latest } from '../core/business-time';
import { assertNever } from '../core/exhaustive';
import { toMinor } from '../core/money';
import { withPersonalFieldsErased } from '../personal-data';
import { CustomFieldValue, CustomFields, CustomerEvent, CustomerProfile } from './customer.events';

export type CustomerActivity = 'active' | 'dormant' | 'reawakened';

export interface OrderBalance {
  /** In ten-thousandths (see core/money.ts). */
  totalMinor: number;
  paidMinor: number;
}

export type CustomerState =
  | { status: 'unregistered' }
  | {
      status: 'registered';
      customerId: string;
      profile: CustomerProfile;
      customFields: CustomFields;
      ownerId?: string;
      leadId?: string;
      currency: string;
      orders: ReadonlyMap<string, OrderBalance>;
      interactionIds: ReadonlySet<string>;
      costIds: ReadonlySet<string>;
      recordedOpportunityEvents: ReadonlySet<string>;
      /** Latest business time of any activity seen, whatever order the commands came in. */
      lastActivityAt: string;
      /** Only customers who purchased or won at least once can go dormant. */
      hasBoughtOrWon: boolean;
      activity: CustomerActivity;
      dormantSince?: string;
      /** Set once ForgetCustomer ran: no personal data may be recorded for this customer again. */
      forgottenAt?: string;
    };

export type RegisteredCustomer = Extract<CustomerState, { status: 'registered' }>;

export const customerStreamId = (customerId: string): string => `customer-${customerId}`;

export const initialCustomerState = (): CustomerState => ({ status: 'unregistered' });

/** The profile fields a registration carries. */
export function profileOf(d: CustomerProfile): CustomerProfile {
  const { name, company, industry, region, size, email, phone } = d;
  return { name, company, industry, region, size, email, phone };
}

/** Custom fields after an update: `null` removes a field. */
export function withCustomFieldChanges(current: CustomFields, changes: Record<string, CustomFieldValue | null>): CustomFields {
  const next: CustomFields = { ...current };
  for (const [key, value] of Object.entries(changes)) {
    if (value === null) delete next[key];
    else next[key] = value;
  }
  return next;
}

function withActivity(state: RegisteredCustomer, at: string): RegisteredCustomer {
  return { ...state, lastActivityAt: latest(state.lastActivityAt, at) };
}

function withAdded(set: ReadonlySet<string>, value: string): ReadonlySet<string> {
  return new Set(set).add(value);
}

export function evolveCustomer(state: CustomerState, event: CustomerEvent): CustomerState {
  if (event.type === 'CustomerRegistered') {
    const d = event.data;
    return {
      status: 'registered',
      customerId: d.customerId,
      profile: profileOf(d),
      customFields: { ...d.customFields },
      ownerId: d.ownerId,
      leadId: d.leadId,
      currency: d.currency,
      orders: new Map(),
      interactionIds: new Set(),
      costIds: new Set(),
      recordedOpportunityEvents: new Set(),
      lastActivityAt: d.registeredAt,
      hasBoughtOrWon: false,
      activity: 'active',
    };
  }
  if (state.status === 'unregistered') return state;

  switch (event.type) {
    case 'CustomerProfileUpdated':
      return {
        ...state,
        profile: { ...state.profile, ...event.data.changes },
        customFields: withCustomFieldChanges(state.customFields, event.data.customFields),
      };
    case 'OwnerAssigned':
      return { ...state, ownerId: event.data.ownerId };
    case 'InteractionLogged':
      return {
        ...withActivity(state, event.data.occurredAt),
        interactionIds: withAdded(state.interactionIds, event.data.interactionId),
      };
    case 'PurchaseRecorded':
      return {
        ...withActivity(state, event.data.occurredAt),
        hasBoughtOrWon: true,
        orders: new Map(state.orders).set(event.data.orderId, { totalMinor: toMinor(event.data.total), paidMinor: 0 }),
      };
    case 'PaymentRecorded': {
      const order = state.orders.get(event.data.orderId) ?? { totalMinor: 0, paidMinor: 0 };
      const paid = { ...order, paidMinor: order.paidMinor + toMinor(event.data.amount) };
      return { ...withActivity(state, event.data.occurredAt), orders: new Map(state.orders).set(event.data.orderId, paid) };
    }
    case 'CostRecorded':
      return { ...state, costIds: withAdded(state.costIds, event.data.costId) };
    case 'OpportunityActivityRecorded':
      return {
        ...withActivity(state, event.data.at),
        hasBoughtOrWon: state.hasBoughtOrWon || event.data.activity === 'won',
        recordedOpportunityEvents: withAdded(state.recordedOpportunityEvents, event.data.sourceEventId),
      };
    case 'CustomerWentDormant':
      return { ...state, activity: 'dormant', dormantSince: event.data.since };
    case 'CustomerReawakened':
      return { ...state, activity: 'reawakened', dormantSince: undefined };
    case 'CustomerForgotten':
      return { ...state, profile: withPersonalFieldsErased(state.profile), forgottenAt: event.data.forgottenAt };
    default:
      return assertNever(event, 'customer event');
  }
}
