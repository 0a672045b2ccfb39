import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ALL_REACTORS } from '@crm/application';
import { ALL_PROJECTIONS } from '@crm/projections';
import { exitOnConfigError, parseConfigOrExit } from './config/exit-on-config-error';
import { exitOnStartupFailure } from './config/exit-on-startup-failure';
import { StartupLogger } from './config/startup-logger';
import { ProjectorModule } from './projections/projector.module';

/**
 * The projector on its own (`npm run start:projector`), beside servers started with
 * CRM_PROJECTOR=separate on the same stores (for SQLite, the same CRM_DATA_DIR). Several may run:
 * each projection is run by one process at a time, by lease, and another takes over if it dies.
 */
async function bootstrap(): Promise<void> {
  const config = parseConfigOrExit(process.env);
  const startup = new StartupLogger();
  const app = await NestFactory.createApplicationContext(ProjectorModule.register(process.env), { abortOnError: false, logger: startup }).catch(exitOnConfigError);
  app.enableShutdownHooks();
  startup.started();
  new Logger('Bootstrap').log(`CRM projector running ${ALL_PROJECTIONS.length} projections and ${ALL_REACTORS.length} reactors (event store: ${config.eventStore.driver}, data: ${config.dataDir})`);
}

bootstrap().catch(exitOnStartupFailure);
