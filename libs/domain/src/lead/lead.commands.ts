import { DomainCommand } from '../core/decider';
import { DisqualifyReason, LeadContact, LeadSource } from './lead.events';

export type CaptureLead = DomainCommand<
  'CaptureLead',
  { leadId: string; source: LeadSource; campaign?: string; contact: LeadContact; tags?: string[]; capturedAt?: string }
>;
export type TagLead = DomainCommand<'TagLead', { leadId: string; tags: string[] }>;
export type QualifyLead = DomainCommand<
  'QualifyLead',
  { leadId: string; customerId: string; score?: number; note?: string; at?: string }
>;
export type DisqualifyLead = DomainCommand<
  'DisqualifyLead',
  { leadId: string; reason: DisqualifyReason; note?: string; at?: string }
>;

export type LeadCommand = CaptureLead | TagLead | QualifyLead | DisqualifyLead;
