import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ProblemException, problem } from '../http/problem';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/roles.decorator';
import { NotRebuildableError, RebuildStartingError } from '@crm/projections';
import { ProjectionEngineService } from './projection-engine.service';
import { ApiAnswer, ApiProblems } from '../http/api-answer.decorator';
import { PROJECTIONS_SCHEMA, REBUILD_ACCEPTED_SCHEMA, REBUILD_JOB_SCHEMA } from './projections-answers.schema';

@ApiTags('projections')
@ApiBearerAuth()
@Roles('analyst')
@ApiProblems(401, 403, 429)
@Controller('projections')
export class ProjectionsController {
  constructor(private readonly engine: ProjectionEngineService) {}

  /** Per processor (projection or reactor): name, kind, version, position, lag in events and ms, and status (with the error when failed). */
  @ApiAnswer(PROJECTIONS_SCHEMA, 'Each projection: version, position, lag and status')
  @Get()
  async list() {
    const statuses = await this.engine.statuses();
    return {
      items: statuses.map(({ name, kind, version, generation, position, status, lagEvents, lagMs, error }) => ({
        name,
        kind,
        version,
        generation,
        position,
        lag: { events: lagEvents, ms: lagMs },
        status,
        ...(error ? { error } : {}),
      })),
    };
  }

  /** Rebuilds into a new generation beside the live one; readers switch when it has caught up. */
  @ApiAnswer(REBUILD_ACCEPTED_SCHEMA, 'The rebuild job (the running one when a rebuild of it already runs)', 202)
  @ApiProblems(404, 409)
  @Post(':name/rebuild')
  @HttpCode(202)
  async rebuild(@Param('name') name: string) {
    if (!this.engine.projection(name)) throw this.unknown(name);
    const job = await this.engine.rebuild(name).catch((error: unknown) => {
      if (error instanceof NotRebuildableError) throw new ProblemException(problem(409, 'not-rebuildable', 'Not rebuildable', error.message));
      if (error instanceof RebuildStartingError) throw new ProblemException(problem(409, 'rebuild-starting', 'Rebuild starting', error.message));
      throw error;
    });
    return { job: job.id, projection: name, generation: job.generation, status: job.status };
  }

  /** Progress of a rebuild: position, events/s, ETA, and whether readers switched. */
  @ApiAnswer(REBUILD_JOB_SCHEMA, 'Progress of a rebuild')
  @ApiProblems(404)
  @Get(':name/rebuilds/:job')
  async job(@Param('name') name: string, @Param('job') id: string) {
    const job = await this.engine.sharedJob(id);
    if (!job || job.projection !== name) {
      throw new ProblemException(problem(404, 'not-found', 'Not found', `no rebuild '${id.slice(0, 64)}' of '${name.slice(0, 64)}'`));
    }
    return job;
  }

  private unknown(name: string) {
    return new ProblemException(problem(404, 'not-found', 'Not found', `there is no projection '${name.slice(0, 64)}'`));
  }
}
