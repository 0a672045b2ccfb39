import { ProjectionTimeoutError } from '@crm/projections';
import { Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ProblemException, problem } from '../http/problem';
import { ProjectionEngineService } from '../projections/projection-engine.service';
import { ConsistencyQuery } from './query.dto';

const DEFAULT_TIMEOUT_MS = 5000;

/**
 * Every query runs through here: it waits for minPosition (503 when the projections do not get
 * there in time) and reports the position the answer reflects in X-Projection-Position.
 */
@Injectable()
export class ConsistentRead {
  constructor(private readonly engine: ProjectionEngineService) {}

  async run<T>(projections: readonly string[], query: ConsistencyQuery, response: FastifyReply, read: () => Promise<T>): Promise<T> {
    if (query.minPosition !== undefined) {
      try {
        await this.engine.waitFor(projections, query.minPosition, query.timeoutMs ?? DEFAULT_TIMEOUT_MS);
      } catch (error) {
        if (!(error instanceof ProjectionTimeoutError)) throw error;
        response.header('Retry-After', '1');
        throw new ProblemException(
          problem(503, 'projection-behind', 'Read model not caught up', error.message, { minPosition: query.minPosition, projections }),
        );
      }
    }
    response.header('X-Projection-Position', (await this.engine.position(projections)) ?? '0');
    return read();
  }
}
