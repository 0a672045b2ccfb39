import { DomainCommand } from '../core/decider';
import { LeadContact, LeadSource } from '../lead/lead.events';
import {
  CostCategory,
  CustomFields,
  CustomFieldValue,
  CustomerProfile,
  InteractionChannel,
  InteractionDirection,
  InteractionKind,
  OpportunityActivity,
  Satisfaction,
} from './customer.events';

export type RegisterCustomer = DomainCommand<
  'RegisterCustomer',
  CustomerProfile & {
    customerId: string;
    ownerId?: string;
    customFields?: CustomFields;
    currency?: string;
    registeredAt?: string;
  }
>;
/** Sent by the lead → customer reactor; a customer that already exists makes it a no-op. */
export type RegisterCustomerFromLead = DomainCommand<
  'RegisterCustomerFromLead',
  {
    customerId: string;
    leadId: string;
    source: LeadSource;
    campaign?: string;
    contact: LeadContact;
    tags: string[];
    registeredAt: string;
  }
>;
export type UpdateCustomerProfile = DomainCommand<
  'UpdateCustomerProfile',
  Partial<CustomerProfile> & { customerId: string; customFields?: Record<string, CustomFieldValue | null> }
>;
export type AssignOwner = DomainCommand<'AssignOwner', { customerId: string; ownerId: string }>;
export type LogInteraction = DomainCommand<
  'LogInteraction',
  {
    customerId: string;
    interactionId: string;
    channel: InteractionChannel;
    direction: InteractionDirection;
    kind: InteractionKind;
    summary: string;
    actor?: string;
    occurredAt?: string;
    satisfaction?: Satisfaction;
  }
>;
export type RecordPurchase = DomainCommand<
  'RecordPurchase',
  {
    customerId: string;
    orderId: string;
    occurredAt?: string;
    lines: { productId: string; quantity: number; unitPrice: number; unitCost?: number }[];
  }
>;
export type RecordPayment = DomainCommand<
  'RecordPayment',
  { customerId: string; orderId: string; amount: number; occurredAt?: string }
>;
export type RecordCost = DomainCommand<
  'RecordCost',
  { customerId: string; costId: string; category: CostCategory; amount: number; occurredAt?: string; note?: string }
>;
/** Sent by the opportunity → customer reactor. */
export type RecordOpportunityActivity = DomainCommand<
  'RecordOpportunityActivity',
  {
    customerId: string;
    opportunityId: string;
    activity: OpportunityActivity;
    at: string;
    sourceEventId: string;
    value?: number;
  }
>;
/** One customer's share of the DetectDormancy sweep. */
export type MarkDormantIfInactive = DomainCommand<
  'MarkDormantIfInactive',
  { customerId: string; asOf: string; thresholdDays: number }
>;

/** The right to erasure (admin only): destroys the customer's data keys and records why. */
export type ForgetCustomer = DomainCommand<'ForgetCustomer', { customerId: string; reason: string }>;

export type CustomerCommand =
  | RegisterCustomer
  | RegisterCustomerFromLead
  | UpdateCustomerProfile
  | AssignOwner
  | LogInteraction
  | RecordPurchase
  | RecordPayment
  | RecordCost
  | RecordOpportunityActivity
  | MarkDormantIfInactive
  | ForgetCustomer;
