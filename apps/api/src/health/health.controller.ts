import { EventStore } from '@crm/event-store';
import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { ReadStore } from '@crm/read-store';
import { KeyStore } from '@crm/personal-data';
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
    private readonly keys: KeyStore,
    private readonly projections: ProjectionEngineService,
  ) {}

  /** 200 once the server can take commands: the event, read and key stores answer. Projection states are reported, a failed one marks the check down. */
  @Get()
  @Public()
  @HealthCheck()
  check() {
    const reachable = (name: string, ping: () => Promise<void>) => async () => {
      const indicator = this.indicators.check(name);
      try {
        await ping();
        return indicator.up();
      } catch (error) {
        return indicator.down({ message: String(error) });
      }
    };
    return this.health.check([
      reachable('eventStore', () => this.store.ping()),
      reachable('readStore', () => this.reads.ping()),
      // Without the key store no command carrying personal data can be sealed.
      reachable('keyStore', () => this.keys.ping()),
      async () => {
        const indicator = this.indicators.check('projections');
        const statuses = Object.fromEntries((await this.projections.statuses()).map((s) => [s.name, s.status]));
        return Object.values(statuses).includes('failed') ? indicator.down(statuses) : indicator.up(statuses);
      },
    ]);
  }
}
