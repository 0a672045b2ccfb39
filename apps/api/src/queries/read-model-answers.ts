import { OPPORTUNITY_STAGES } from '@crm/domain';
import { LeadDocument, OpportunityDocument } from '@crm/projections';

/**
 * What a query answers, field by field in the contract's words. Read-model documents also hold
 * what only their indexes need (business times as epoch ms, a stage's index): those never leave.
 */
export const leadAnswer = (doc: LeadDocument) => ({
  leadId: doc.leadId,
  source: doc.source,
  campaign: doc.campaign,
  name: doc.name,
  company: doc.company,
  email: doc.email,
  phone: doc.phone,
  industry: doc.industry,
  region: doc.region,
  tags: doc.tags,
  status: doc.status,
  capturedAt: doc.capturedAt,
  score: doc.score,
  customerId: doc.customerId,
  qualifiedAt: doc.qualifiedAt,
  disqualifyReason: doc.disqualifyReason,
  disqualifiedAt: doc.disqualifiedAt,
  note: doc.note,
});

export const opportunityAnswer = (doc: OpportunityDocument) => ({
  opportunityId: doc.opportunityId,
  customerId: doc.customerId,
  title: doc.title,
  expectedValue: doc.expectedValue,
  ownerId: doc.ownerId,
  stage: doc.stage,
  /** The furthest stage reached, by name (a skipped stage counts as passed). */
  furthestStage: OPPORTUNITY_STAGES[doc.furthestStage],
  status: doc.status,
  openedAt: doc.openedAt,
  closedAt: doc.closedAt,
  value: doc.value,
  lostReason: doc.lostReason,
  competitor: doc.competitor,
  quotes: doc.quotes,
  lastQuote: doc.lastQuote,
  stageHistory: doc.stageHistory,
  source: doc.source,
});
