import { EventStore } from '@crm/event-store';
import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckResult, HealthCheckService, HealthIndicatorFunction, HealthIndicatorService } from '@nestjs/terminus';
import { IdempotencyStore, ReadStore } from '@crm/read-store';
import { KeyStore } from '@crm/personal-data';
import { Public } from '../auth/roles.decorator';
import { ApiProblems } from '../http/api-answer.decorator';
import { PROBLEM_CONTENT_TYPE, ProblemException, problem } from '../http/problem';
import { ProjectionEngineService } from '../projections/projection-engine.service';
import { HEALTH_SCHEMA, LIVE_SCHEMA, UNHEALTHY_SCHEMA } from './health.schema';

/**
 * Three questions an operator (or an orchestrator) asks: is the process there (`live`), can it
 * take commands (`ready`), and is the whole system doing its job (`/health`: the stores answer
 * and every projection is followed by some process, so read models do not stand still).
 */
@ApiTags('operations')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly store: EventStore,
    private readonly reads: ReadStore,
    private readonly keys: KeyStore,
    private readonly idempotency: IdempotencyStore,
    private readonly projections: ProjectionEngineService,
  ) {}

  /** 503 when a store is unreachable, a projection has failed, or no process has run one for longer than its lease. */
  @Get()
  @ApiProblems(429)
  @HealthCheck({ swaggerDocumentation: false }) // its own 503 is application/json; ours is a problem document
  @ApiOkResponse({ description: 'Stores reachable, every projection run by some process', schema: HEALTH_SCHEMA })
  @ApiResponse({ status: 503, description: 'A store is unreachable, a projection failed or is left unattended', content: { [PROBLEM_CONTENT_TYPE]: { schema: UNHEALTHY_SCHEMA } } })
  check() {
    return this.answer([...this.stores(), () => this.projectionsRun()]);
  }

  /** The process answers: nothing else is asked, so a slow store never gets a live process restarted. */
  @Get('live')
  @ApiProblems(429)
  @ApiOkResponse({ description: 'The process answers', schema: LIVE_SCHEMA })
  live() {
    return { status: 'ok' };
  }

  /** Commands can be taken: the stores a command writes to answer. Projections do not hold commands up. */
  @Get('ready')
  @ApiProblems(429)
  @HealthCheck({ swaggerDocumentation: false }) // its own 503 is application/json; ours is a problem document
  @ApiOkResponse({ description: 'The event, read, key and idempotency stores answer', schema: HEALTH_SCHEMA })
  @ApiResponse({ status: 503, description: 'A store a command needs is unreachable', content: { [PROBLEM_CONTENT_TYPE]: { schema: UNHEALTHY_SCHEMA } } })
  ready() {
    return this.answer(this.stores());
  }

  /** A failing check is a problem document like every error of this API, with terminus's report in it. */
  private async answer(checks: HealthIndicatorFunction[]) {
    try {
      return await this.health.check(checks);
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      const { info, error: failed, details } = error.getResponse() as HealthCheckResult;
      throw new ProblemException(problem(503, 'unhealthy', 'Unhealthy', `failing: ${Object.keys(failed ?? {}).join(', ')}`, { info, error: failed, details }));
    }
  }

  private stores(): HealthIndicatorFunction[] {
    return [
      this.reachable('eventStore', () => this.store.ping()),
      // The processors' checkpoints and leases, and rebuild jobs, live there (and idempotency records on MongoDB).
      this.reachable('readStore', () => this.reads.ping()),
      // Without the key store no command carrying personal data can be sealed.
      this.reachable('keyStore', () => this.keys.ping()),
      // A command with an Idempotency-Key claims it there first (MongoDB: a client of its own).
      this.reachable('idempotencyStore', () => this.idempotency.ping()),
    ];
  }

  private reachable(name: string, ping: () => Promise<void>): HealthIndicatorFunction {
    return async () => {
      const indicator = this.indicators.check(name);
      try {
        await ping();
        return indicator.up();
      } catch (error) {
        return indicator.down({ message: String(error) });
      }
    };
  }

  private async projectionsRun() {
    const indicator = this.indicators.check('projections');
    const statuses = await this.projections.statuses();
    const byName = Object.fromEntries(statuses.map((s) => [s.name, s.status]));
    const unattended = statuses.filter((s) => s.unattended).map((s) => s.name);
    if (unattended.length > 0) {
      return indicator.down({ ...byName, message: `no process has run ${unattended.join(', ')} for longer than the projection lease: is the projector running (the server's projector thread, or 'npm run start:projector' beside servers with CRM_PROJECTOR=separate)?` });
    }
    return statuses.some((s) => s.status === 'failed') ? indicator.down(byName) : indicator.up(byName);
  }
}
