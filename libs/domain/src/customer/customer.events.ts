import { DomainEvent } from '../core/decider';
import { LeadSource } from '../lead/lead.events';

export const INTERACTION_CHANNELS = ['call', 'email', 'meeting', 'visit', 'chat', 'social', 'support', 'other'] as const;
export type InteractionChannel = (typeof INTERACTION_CHANNELS)[number];
export const INTERACTION_DIRECTIONS = ['inbound', 'outbound'] as const;
export type InteractionDirection = (typeof INTERACTION_DIRECTIONS)[number];
export const INTERACTION_KINDS = ['follow-up', 'feedback', 'complaint', 'support', 'survey', 'other'] as const;
export type InteractionKind = (typeof INTERACTION_KINDS)[number];
export const COST_CATEGORIES = ['service', 'support', 'marketing', 'delivery', 'other'] as const;
export type CostCategory = (typeof COST_CATEGORIES)[number];
export const OPPORTUNITY_ACTIVITIES = ['opened', 'advanced', 'won'] as const;
export type OpportunityActivity = (typeof OPPORTUNITY_ACTIVITIES)[number];

export type CustomFieldValue = string | number | boolean;
export type CustomFields = Record<string, CustomFieldValue>;

/** The profile fields a customer record holds; the personal ones are name, email and phone. */
export interface CustomerProfile {
  name: string;
  company?: string;
  industry?: string;
  region?: string;
  size?: string;
  email?: string;
  phone?: string;
}

export interface Satisfaction {
  perceived: number;
  expected: number;
}

export interface PurchaseLine {
  productId: string;
  quantity: number;
  unitPrice: number;
  unitCost?: number;
  /** quantity × unitPrice */
  amount: number;
  /** quantity × unitCost, when the cost is known */
  cost?: number;
}

export type CustomerRegistered = DomainEvent<
  'CustomerRegistered',
  CustomerProfile & {
    customerId: string;
    ownerId?: string;
    customFields: CustomFields;
    currency: string;
    registeredAt: string;
    /** Set when the customer came from a qualified lead. */
    leadId?: string;
    source?: LeadSource;
    campaign?: string;
    tags?: string[];
  }
>;
export type CustomerProfileUpdated = DomainEvent<
  'CustomerProfileUpdated',
  {
    customerId: string;
    changes: Partial<CustomerProfile>;
    /** `null` marks a removed field. */
    customFields: Record<string, CustomFieldValue | null>;
    updatedAt: string;
  }
>;
export type OwnerAssigned = DomainEvent<
  'OwnerAssigned',
  { customerId: string; ownerId: string; previousOwnerId?: string; assignedAt: string }
>;
export type InteractionLogged = DomainEvent<
  'InteractionLogged',
  {
    customerId: string;
    interactionId: string;
    channel: InteractionChannel;
    direction: InteractionDirection;
    kind: InteractionKind;
    summary: string;
    /** The person at the firm who had the contact (rep, engineer, product manager). Since schema v2. */
    handledBy?: string;
    occurredAt: string;
    satisfaction?: Satisfaction;
  }
>;
export type PurchaseRecorded = DomainEvent<
  'PurchaseRecorded',
  { customerId: string; orderId: string; occurredAt: string; lines: PurchaseLine[]; total: number; totalCost?: number }
>;
export type PaymentRecorded = DomainEvent<
  'PaymentRecorded',
  { customerId: string; orderId: string; amount: number; occurredAt: string; outstandingAfter: number }
>;
export type CostRecorded = DomainEvent<
  'CostRecorded',
  { customerId: string; costId: string; category: CostCategory; amount: number; occurredAt: string; note?: string }
>;
/** An opportunity of this customer was opened, advanced or won: activity that counts for dormancy. */
export type OpportunityActivityRecorded = DomainEvent<
  'OpportunityActivityRecorded',
  {
    customerId: string;
    opportunityId: string;
    activity: OpportunityActivity;
    at: string;
    /** The opportunity event this records, so a redelivered event is recorded once. */
    sourceEventId: string;
    value?: number;
  }
>;
export type CustomerWentDormant = DomainEvent<
  'CustomerWentDormant',
  { customerId: string; since: string; lastActivityAt: string }
>;
export type CustomerReawakened = DomainEvent<
  'CustomerReawakened',
  { customerId: string; at: string; dormantSince: string }
>;

/**
 * The right to erasure was exercised: the data keys of the customer and of the leads it came
 * from are destroyed, so every personal field sealed under them reads as erased from now on.
 */
export type CustomerForgotten = DomainEvent<
  'CustomerForgotten',
  { customerId: string; reason: string; forgottenAt: string }
>;

export type CustomerEvent =
  | CustomerRegistered
  | CustomerProfileUpdated
  | OwnerAssigned
  | InteractionLogged
  | PurchaseRecorded
  | PaymentRecorded
  | CostRecorded
  | OpportunityActivityRecorded
  | CustomerWentDormant
  | CustomerReawakened
  | CustomerForgotten;
