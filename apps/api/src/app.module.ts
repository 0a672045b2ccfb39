import { DynamicModule, Module, Type, UseInterceptors } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { ScheduleModule } from '@nestjs/schedule';
import { TerminusModule } from '@nestjs/terminus';
import { ThrottlerModule } from '@nestjs/throttler';
import { ApiKeyThrottlerGuard } from './auth/api-key-throttler.guard';
import { ApiKeyGuard } from './auth/api-key.guard';
import { CommandGateway } from './commands/command-gateway';
import { idempotentCommandsProvider } from './commands/idempotent-commands.provider';
import { IdempotencyPurge } from './commands/idempotency-purge';
import { COMMAND_CONTROLLERS } from './commands/commands.controller';
import { UnknownCommandController } from './commands/unknown-command.controller';
import { AppConfig } from './config/app-config';
import { configModules } from './config/config.module';
import { DormancyController } from './dormancy/dormancy.controller';
import { DormancyScheduler } from './dormancy/dormancy.scheduler';
import { HealthController } from './health/health.controller';
import { ProblemDetailsFilter } from './http/problem-details.filter';
import { InfrastructureModule } from './infrastructure/infrastructure.module';
import { ProjectionEngineService, RUNS_PROJECTIONS } from './projections/projection-engine.service';
import { ProjectionsController } from './projections/projections.controller';
import { ProjectorThread } from './projections/projector-thread.service';
import { SealedEventStore } from './infrastructure/personal-data.factory';
import { AnalyticsController } from './analytics/analytics.controller';
import { AuditController } from './audit/audit.controller';
import { AuditCheckpointController } from './audit/audit-checkpoint.controller';
import { auditCheckpointsProvider } from './audit/audit-signing-key.factory';
import { MetricsController } from './metrics/metrics.controller';
import { MetricsService } from './metrics/metrics.service';
import { AnalyticsQueries } from './analytics/analytics-queries';
import { ConsistentRead } from './queries/consistent-read';
import { StateController } from './queries/state.controller';
import { CustomerRanks } from './queries/customer-ranks';
import { CustomersQueryController } from './queries/customers-query.controller';
import { LeadsQueryController } from './queries/leads-query.controller';
import { OpportunitiesQueryController } from './queries/opportunities-query.controller';
import { KeyShredderService } from './personal-data/key-shredder.service';
import { RevealPersonalDataInterceptor } from './personal-data/reveal-personal-data.interceptor';

/**
 * Personal fields are opened in every answer but a command's receipt (which holds ids, versions
 * and positions only), by the interceptor on these controllers rather than on the whole app: a
 * Nest interceptor costs each request an async context of its own, and commands are the hot path.
 * Decorated once, when this file loads.
 */
export const ANSWER_CONTROLLERS: Type<unknown>[] = [
  CustomersQueryController,
  LeadsQueryController,
  OpportunitiesQueryController,
  ProjectionsController,
  AnalyticsController,
  AuditController,
  AuditCheckpointController,
  StateController,
  HealthController,
  MetricsController,
];
for (const controller of ANSWER_CONTROLLERS) UseInterceptors(RevealPersonalDataInterceptor)(controller);

@Module({})
export class AppModule {
  /** @param env the environment to configure from (process.env in production, a fixture in tests) */
  static register(env: NodeJS.ProcessEnv): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ...configModules(env),
        InfrastructureModule,
        ScheduleModule.forRoot(),
        TerminusModule,
        ThrottlerModule.forRootAsync({
          inject: [AppConfig],
          useFactory: (config: AppConfig) => ({
            throttlers: [{ ttl: 1000, limit: config.rateLimitPerSecond }],
            skipIf: () => config.rateLimitPerSecond === 0,
          }),
        }),
      ],
      controllers: [...COMMAND_CONTROLLERS, DormancyController, UnknownCommandController, ...ANSWER_CONTROLLERS],
      providers: [
        { provide: APP_GUARD, useClass: ApiKeyGuard },
        { provide: APP_GUARD, useClass: ApiKeyThrottlerGuard },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        MetricsService,
        CommandGateway,
        idempotentCommandsProvider,
        IdempotencyPurge,
        KeyShredderService,
        { provide: RUNS_PROJECTIONS, inject: [AppConfig], useFactory: (config: AppConfig) => config.projector === 'in-process' },
        ProjectionEngineService,
        {
          provide: ProjectorThread,
          inject: [AppConfig, SealedEventStore, ProjectionEngineService],
          useFactory: (config: AppConfig, events: SealedEventStore, engine: ProjectionEngineService) =>
            new ProjectorThread(config.projector === 'thread', env, events, engine, { silentLimitMs: config.projectionLeaseMs }),
        },
        ConsistentRead,
        CustomerRanks,
        AnalyticsQueries,
        DormancyScheduler,
        auditCheckpointsProvider,
      ],
    };
  }
}
