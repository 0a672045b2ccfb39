import { CrmEvent } from '@crm/domain';
import { ReadDocument, ReadOperation } from '@crm/read-store';
import { ProjectedEvent, Projection, ProjectionView } from '../engine/projection';
import { clean } from './without-undefined.util';

export interface LeadDocument extends ReadDocument {
  leadId: string;
  source: string;
  campaign?: string;
  name: string;
  company?: string;
  email?: string;
  phone?: string;
  industry?: string;
  region?: string;
  tags: string[];
  status: 'open' | 'qualified' | 'disqualified';
  capturedAt: string;
  score?: number;
  customerId?: string;
  qualifiedAt?: string;
  disqualifyReason?: string;
  disqualifiedAt?: string;
  note?: string;
  /** Business times as epoch ms, for the funnel's date ranges. */
  capturedMs: number;
  qualifiedMs?: number;
  disqualifiedMs?: number;
}

const LEADS = 'leads';
/** One document per (lead, tag), so "leads with tag X" is an indexed equality find. */
const LEAD_TAGS = 'lead_tags';
const tagDocId = (leadId: string, tag: string) => `${leadId}|${tag}`;

function tagDocuments(lead: LeadDocument, tags: readonly string[]): ReadOperation[] {
  return tags.map((tag) => ({
    type: 'upsert',
    collection: LEAD_TAGS,
    document: { id: tagDocId(lead.leadId, tag), leadId: lead.leadId, tag, status: lead.status, source: lead.source, capturedAt: lead.capturedAt },
  }));
}

async function update(view: ProjectionView, leadId: string, changes: Partial<LeadDocument>): Promise<ReadOperation[]> {
  const lead = (await view.get(LEADS, leadId)) as LeadDocument | undefined;
  if (!lead) return [];
  const next = clean({ ...lead, ...changes });
  // Status and tags are denormalised onto the tag documents so filters can combine them.
  return [{ type: 'upsert', collection: LEADS, document: next }, ...tagDocuments(next, next.tags)];
}

/** Leads with their source, tags and status, for GET /leads and the funnel. */
export const leadsProjection: Projection = {
  name: 'leads',
  version: 1,
  eventTypes: ['LeadCaptured', 'LeadTagged', 'LeadQualified', 'LeadDisqualified'],
  collections: [
    { name: LEADS, indexes: [{ fields: ['status'] }, { fields: ['source'] }, { fields: ['capturedMs'] }, { fields: ['qualifiedMs'] }, { fields: ['disqualifiedMs'] }] },
    { name: LEAD_TAGS, indexes: [{ fields: ['tag'] }] },
  ],
  async handle(event: ProjectedEvent, view): Promise<ReadOperation[]> {
    const e = event as CrmEvent;
    switch (e.type) {
      case 'LeadCaptured': {
        const { leadId, source, campaign, contact, tags, capturedAt } = e.data;
        if (await view.get(LEADS, leadId)) return [];
        const lead = clean<LeadDocument>({ id: leadId, leadId, source, campaign, ...contact, tags, status: 'open', capturedAt, capturedMs: Date.parse(capturedAt) });
        return [{ type: 'upsert', collection: LEADS, document: lead }, ...tagDocuments(lead, tags)];
      }
      case 'LeadTagged': {
        const lead = (await view.get(LEADS, e.data.leadId)) as LeadDocument | undefined;
        return lead ? update(view, lead.leadId, { tags: [...new Set([...lead.tags, ...e.data.tags])] }) : [];
      }
      case 'LeadQualified':
        return update(view, e.data.leadId, {
          status: 'qualified', score: e.data.score, note: e.data.note, customerId: e.data.customerId, qualifiedAt: e.data.at, qualifiedMs: Date.parse(e.data.at),
        });
      case 'LeadDisqualified':
        return update(view, e.data.leadId, {
          status: 'disqualified', disqualifyReason: e.data.reason, note: e.data.note, disqualifiedAt: e.data.at, disqualifiedMs: Date.parse(e.data.at),
        });
      default:
        return [];
    }
  },
};
