import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/roles.decorator';
import { ProjectionEngineService } from './projection-engine.service';

@ApiTags('projections')
@ApiBearerAuth()
@Roles('analyst')
@Controller('projections')
export class ProjectionsController {
  constructor(private readonly engine: ProjectionEngineService) {}

  /** Per projection: name, version, position, lag in events and ms, and status (with the error when failed). */
  @Get()
  async list() {
    const statuses = await this.engine.statuses();
    return {
      items: statuses.map(({ name, version, position, status, lagEvents, lagMs, error }) => ({
        name,
        version,
        position,
        lag: { events: lagEvents, ms: lagMs },
        status,
        ...(error ? { error } : {}),
      })),
    };
  }
}
