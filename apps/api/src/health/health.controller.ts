import { EventStore } from '@crm/event-store';
import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { ReadStore } from '@crm/read-store';
import { Public } from '../auth/roles.decorator';
import { ProjectionEngineService } from '../projections/projection-engine.service';

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly store: EventStore,
    private readonly reads: ReadStore,
    private readonly projections: ProjectionEngineService,
  ) {}

  /** 200 once the server can take commands: both stores answer. Projection states are reported, a failed one marks the check down. */
  @Get()
  @Public()
  @HealthCheck()
  check() {
    return this.health.check([
      async () => {
        const indicator = this.indicators.check('eventStore');
        try {
          await this.store.ping();
          return indicator.up();
        } catch (error) {
          return indicator.down({ message: String(error) });
        }
      },
      async () => {
        const indicator = this.indicators.check('readStore');
        try {
          await this.reads.ping();
          return indicator.up();
        } catch (error) {
          return indicator.down({ message: String(error) });
        }
      },
      async () => {
        const indicator = this.indicators.check('projections');
        const statuses = Object.fromEntries((await this.projections.statuses()).map((s) => [s.name, s.status]));
        return Object.values(statuses).includes('failed') ? indicator.down(statuses) : indicator.up(statuses);
      },
    ]);
  }
}
