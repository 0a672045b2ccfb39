import { DynamicModule, Module } from '@nestjs/common';
import { commandServiceProvider } from '../infrastructure/command-service.factory';
import { configModules } from '../config/config.module';
import { InfrastructureModule } from '../infrastructure/infrastructure.module';
import { ProjectionEngineService, RUNS_PROJECTIONS } from './projection-engine.service';

/**
 * The projector process (projector.ts): the stores and the projection engine, no HTTP. Beside a
 * server started with CRM_PROJECTOR=separate, it takes the projections' work (reading the log,
 * folding, writing read models) off the server's event loop.
 */
@Module({})
export class ProjectorModule {
  static register(env: NodeJS.ProcessEnv): DynamicModule {
    return {
      module: ProjectorModule,
      // No writer thread: nothing waits on the projector's event loop, whose own writes (the read
      // models, the reactors' few appends) are the work it is there for.
      imports: [...configModules({ ...env, CRM_SQLITE_WRITER: 'inline' }), InfrastructureModule],
      providers: [
        { provide: RUNS_PROJECTIONS, useValue: true },
        // The reactions' commands: their streams are written by the server, so their folds here
        // are behind nearly always, and each is read before it is decided on.
        commandServiceProvider({ trustCachedFolds: false }),
        ProjectionEngineService,
      ],
    };
  }
}
