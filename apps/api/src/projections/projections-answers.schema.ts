import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { arrayOf, integer, nullable, number, object, oneOf, position, string, time } from '../http/schema.util';

/** The answers of /projections (api.md "Projections, replay, audit"), for /docs-json. */
export const PROJECTIONS_SCHEMA: SchemaObject = object({
  items: arrayOf(
    object(
      {
        name: string(),
        kind: oneOf(['projection', 'reactor'], 'a read model, or a reactor (reactions that send commands; never rebuilt)'),
        version: integer(),
        generation: integer('the generation readers use (a rebuild writes the next one)'),
        position: nullable(position('the checkpoint; null before the first batch')),
        lag: object({
          events: nullable(integer('events of the log past the position (null where the store cannot count them)')),
          ms: number('how long ago the oldest of them was recorded; 0 when none'),
        }),
        status: oneOf(['starting', 'live', 'catching-up', 'rebuilding', 'failed', 'standby', 'stopped'], '`standby`: another process runs it; `stopped`: no process does'),
        error: object({ position: position(), eventId: string(), type: string(), message: string(), at: time() }),
      },
      ['name', 'kind', 'version', 'generation', 'position', 'lag', 'status'],
    ),
  ),
});

const JOB_STATUSES = ['running', 'switched', 'failed'];

export const REBUILD_ACCEPTED_SCHEMA: SchemaObject = object({ job: string('the job id'), projection: string(), generation: integer(), status: oneOf(JOB_STATUSES) });

export const REBUILD_JOB_SCHEMA: SchemaObject = object(
  {
    id: string(),
    projection: string(),
    generation: integer(),
    status: oneOf(JOB_STATUSES),
    startedAt: time(),
    finishedAt: time(),
    position: nullable(position()),
    head: nullable(position()),
    eventsPerSecond: nullable(number()),
    etaSeconds: nullable(number()),
    error: string(),
  },
  ['id', 'projection', 'generation', 'status', 'startedAt', 'position', 'head', 'eventsPerSecond', 'etaSeconds'],
);
