import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { arrayOf, integer, mapOf, nullable, number, object, oneOf, page, position, string, time } from '../http/schema.util';

/** The answers of the customer, lead and opportunity queries (api.md "Queries"), for /docs-json. */
const FUNNEL_STAGES = ['prospect', 'opportunity', 'customer', 'repeat-customer', 'lost'];
const ACTIVITIES = ['active', 'dormant', 'reawakened'];

const customFields = mapOf({ oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }] }, 'flat custom fields');

export const CUSTOMER_SCHEMA: SchemaObject = object(
  {
    customerId: string(),
    name: string('"[erased]" once the customer is forgotten'),
    company: string(),
    industry: string(),
    region: string(),
    size: string(),
    email: string(),
    phone: string(),
    customFields,
    ownerId: string(),
    currency: string(),
    source: string('the source of the lead the customer came from'),
    leadId: string(),
    registeredAt: time(),
    funnelStage: oneOf(FUNNEL_STAGES),
    activity: oneOf(ACTIVITIES),
    lastActivityAt: time(),
    forgottenAt: time('present once ForgetCustomer ran'),
  },
  ['customerId', 'name', 'funnelStage', 'activity'],
);

export const CUSTOMER_PAGE_SCHEMA = page(CUSTOMER_SCHEMA);

export const LIFECYCLE_SCHEMA: SchemaObject = object(
  {
    funnelStage: oneOf(FUNNEL_STAGES),
    activity: oneOf(ACTIVITIES),
    since: time(),
    dormantSince: time(),
    reawakenedAt: time(),
    lastActivityAt: time(),
    history: arrayOf(object({ at: time(), funnelStage: oneOf(FUNNEL_STAGES), activity: oneOf(ACTIVITIES), eventType: string() })),
  },
  ['funnelStage', 'activity', 'since', 'lastActivityAt', 'history'],
);

const score = integer('a quintile score, 1-5');
export const VALUE_SCHEMA: SchemaObject = object({
  revenue: number(),
  cogs: number(),
  grossMargin: number(),
  costToServe: number(),
  netValue: number(),
  orders: integer(),
  avgOrderValue: number(),
  firstPurchaseAt: nullable(time()),
  lastPurchaseAt: nullable(time()),
  paid: number(),
  outstanding: number(),
  satisfaction: object({ count: integer(), avgPerceived: nullable(number()), avgExpected: nullable(number()), avgGap: nullable(number()) }),
  rfm: nullable(object({ recencyDays: integer(), frequency: integer(), monetary: number(), r: score, f: score, m: score, score: string('r, f and m as three digits, e.g. "545"') })),
  tier: oneOf(['A', 'B', 'C'], 'A: top 20% of customers by netValue, B: next 50%, C: bottom 30%'),
});

export const TIMELINE_PAGE_SCHEMA = page(
  object({
    at: time('business time'),
    type: string('the event type'),
    kind: string(),
    streamId: string(),
    position: position(),
    actor: string(),
    summary: string(),
    data: { type: 'object', additionalProperties: true },
  }),
);

export const LEAD_SCHEMA: SchemaObject = object(
  {
    leadId: string(),
    source: string(),
    campaign: string(),
    name: string(),
    company: string(),
    email: string(),
    phone: string(),
    industry: string(),
    region: string(),
    tags: arrayOf(string()),
    status: oneOf(['open', 'qualified', 'disqualified']),
    capturedAt: time(),
    score: number(),
    customerId: string(),
    qualifiedAt: time(),
    disqualifyReason: string(),
    disqualifiedAt: time(),
    note: string(),
  },
  ['leadId', 'source', 'name', 'tags', 'status', 'capturedAt'],
);

export const LEAD_PAGE_SCHEMA = page(LEAD_SCHEMA);

export const OPPORTUNITY_SCHEMA: SchemaObject = object(
  {
    opportunityId: string(),
    customerId: string(),
    title: string(),
    expectedValue: number(),
    ownerId: string(),
    stage: string(),
    status: oneOf(['open', 'won', 'lost']),
    openedAt: time(),
    closedAt: time(),
    value: number(),
    lostReason: string(),
    competitor: string(),
    quotes: integer(),
    lastQuote: object({ amount: number(), validUntil: time(), at: time() }, ['amount', 'at']),
    stageHistory: arrayOf(object({ stage: string(), at: time(), direction: oneOf(['opened', 'forward', 'backward']), reason: string() }, ['stage', 'at', 'direction'])),
    source: string(),
  },
  ['opportunityId', 'customerId', 'title', 'stage', 'status', 'openedAt'],
);

export const OPPORTUNITY_PAGE_SCHEMA = page(OPPORTUNITY_SCHEMA);

/** Time travel: an aggregate's state folded from its stream up to a business time or a position. */
export const STATE_SCHEMA: SchemaObject = object({
  streamId: string(),
  version: integer('version of the last event folded in'),
  position: position('global position of the last event folded in'),
  state: { type: 'object', additionalProperties: true, description: "the aggregate's state as its decider folds it" },
  asOf: string('the business time or global position asked for'),
});
