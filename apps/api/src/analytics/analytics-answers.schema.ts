import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { arrayOf, integer, mapOf, nullable, number, object, string } from '../http/schema.util';

/** The answers of /analytics (api.md "Queries"), for /docs-json. */
export const FUNNEL_SCHEMA: SchemaObject = object({
  leads: object({ captured: integer(), qualified: integer(), disqualified: integer(), disqualifiedByReason: mapOf(integer(), 'by reason') }),
  opportunities: object({ opened: integer(), reachedStage: mapOf(integer(), 'by stage'), won: integer(), lost: integer() }),
  conversion: arrayOf(object({ from: string(), to: string(), rate: nullable(number('0-1; null where nothing reached `from`')) })),
  medianDaysInStage: mapOf(nullable(number()), 'by stage'),
});

export const SEGMENTS_SCHEMA: SchemaObject = object({
  by: string(),
  items: arrayOf(
    object({
      key: string('the segment; `month` keys are YYYY-MM in UTC'),
      customers: integer(),
      revenue: number(),
      grossMargin: number(),
      orders: integer(),
      won: integer(),
      lost: integer(),
      winRate: nullable(number('0-1; null without closed opportunities')),
    }),
  ),
});

const tier = object({ customers: integer(), netValue: number(), share: number("the tier's fraction (0-1) of total netValue") });
export const PARETO_SCHEMA: SchemaObject = object({
  customers: integer(),
  totalNetValue: number(),
  tiers: object({ A: tier, B: tier, C: tier }),
  top20Share: number(),
  profitWithoutC: number('total netValue minus tier C'),
});
