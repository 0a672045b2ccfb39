import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { problemRef } from '../http/problem.schema';

/** One check's outcome, as @nestjs/terminus reports it (a store, or the projections with each one's status). */
const indicators: SchemaObject = {
  type: 'object',
  additionalProperties: {
    type: 'object',
    properties: { status: { type: 'string', enum: ['up', 'down'] }, message: { type: 'string' } },
    required: ['status'],
    additionalProperties: true,
  },
};

/** The body of /health and /health/ready: `ok` with 200, `error` with 503. */
export const HEALTH_SCHEMA: SchemaObject = {
  type: 'object',
  properties: {
    status: { type: 'string', enum: ['ok', 'error'] },
    info: indicators,
    error: indicators,
    details: indicators,
  },
  required: ['status', 'details'],
  example: { status: 'ok', info: { eventStore: { status: 'up' } }, error: {}, details: { eventStore: { status: 'up' } } },
};

export const LIVE_SCHEMA: SchemaObject = { type: 'object', properties: { status: { type: 'string', enum: ['ok'] } }, required: ['status'] };

/** A 503 of /health or /health/ready: a problem document carrying terminus's report. */
export const UNHEALTHY_SCHEMA: SchemaObject = {
  allOf: [problemRef(), { type: 'object', properties: { info: indicators, error: indicators, details: indicators } }],
};
