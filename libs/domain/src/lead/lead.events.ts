import { DomainEvent } from '../core/decider';

export const LEAD_SOURCES = ['web', 'seo', 'sem', 'ads', 'event', 'referral', 'partner', 'import', 'other'] as const;
export type LeadSource = (typeof LEAD_SOURCES)[number];

export const DISQUALIFY_REASONS = ['duplicate', 'invalid', 'no-need', 'no-budget', 'unreachable', 'other'] as const;
export type DisqualifyReason = (typeof DISQUALIFY_REASONS)[number];

export interface LeadContact {
  name: string;
  company?: string;
  email?: string;
  phone?: string;
  industry?: string;
  region?: string;
}

export type LeadCaptured = DomainEvent<
  'LeadCaptured',
  { leadId: string; source: LeadSource; campaign?: string; contact: LeadContact; tags: string[]; capturedAt: string }
>;
export type LeadTagged = DomainEvent<'LeadTagged', { leadId: string; tags: string[]; taggedAt: string }>;
/** Carries the contact and source so the customer can be registered from this event alone. */
export type LeadQualified = DomainEvent<
  'LeadQualified',
  {
    leadId: string;
    customerId: string;
    score?: number;
    note?: string;
    at: string;
    source: LeadSource;
    campaign?: string;
    contact: LeadContact;
    tags: string[];
  }
>;
export type LeadDisqualified = DomainEvent<
  'LeadDisqualified',
  { leadId: string; reason: DisqualifyReason; note?: string; at: string }
>;

export type LeadEvent = LeadCaptured | LeadTagged | LeadQualified | LeadDisqualified;
