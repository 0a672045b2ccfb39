import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { exitOnConfigError, parseConfigOrExit } from './config/exit-on-config-error';
import { exitOnStartupFailure } from './config/exit-on-startup-failure';
import { StartupLogger } from './config/startup-logger';
import { createApp } from './create-app';
import { boundAddress } from './http/bound-address';

async function bootstrap(): Promise<void> {
  const config = parseConfigOrExit(process.env);
  const startup = new StartupLogger();
  const app = await createApp(process.env, { logger: startup }).catch(exitOnConfigError);
  // With the published development keys, loopback unless HOST says otherwise (see AppConfig.host).
  // Fastify listens on localhost only unless told: every interface, as Node does, when HOST is not set.
  await app.listen(config.port, config.host ?? '::');
  startup.started();
  const logger = new Logger('Bootstrap');
  logger.log(`CRM backend listening on ${boundAddress(app.getHttpServer())} (event store: ${config.eventStore.driver}, data: ${config.dataDir})`);
  if (config.usingDevKeys) {
    logger.warn('CRM_API_KEYS is not set: using the documented development keys (never in production):');
    for (const { key, role } of config.apiKeys) logger.warn(`  Authorization: Bearer ${key}   (${role})`);
  }
}

bootstrap().catch(exitOnStartupFailure);
