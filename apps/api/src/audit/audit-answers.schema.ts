import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { arrayOf, boolean, integer, nullable, object, position, string, time } from '../http/schema.util';

/** The answers of /audit (api.md "Projections, replay, audit"), for /docs-json. */
export const AUDIT_EVENT_SCHEMA: SchemaObject = object(
  {
    eventId: string(),
    streamId: string(),
    version: integer(),
    position: position(),
    type: string(),
    data: { type: 'object', additionalProperties: true },
    occurredAt: time('business time'),
    recordedAt: time(),
    actor: string(),
    commandType: string(),
    commandId: string(),
    correlationId: string(),
    causationId: string(),
    schemaVersion: integer(),
    hash: string(),
    prevHash: nullable(string()),
  },
  ['eventId', 'streamId', 'version', 'position', 'type', 'data', 'occurredAt', 'recordedAt', 'actor', 'commandType', 'commandId', 'correlationId', 'causationId', 'schemaVersion', 'hash'],
);

export const AUDIT_PAGE_SCHEMA: SchemaObject = object({ items: arrayOf(AUDIT_EVENT_SCHEMA), nextCursor: nullable(position('the next page: pass it as after or cursor')) });

export const AUDIT_STREAM_SCHEMA: SchemaObject = object({ streamId: string(), events: arrayOf(AUDIT_EVENT_SCHEMA) });

export const VERIFY_SCHEMA: SchemaObject = object({
  ok: boolean(),
  streams: integer(),
  events: integer(),
  broken: arrayOf(object({ streamId: string(), version: integer(), reason: string() })),
});
