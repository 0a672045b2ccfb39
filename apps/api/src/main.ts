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
  // Node's own listen, not Fastify's: without HOST, every interface (IPv6 and IPv4, or IPv4 alone
  // where the host has no IPv6), and a host name binds its first address only, on the one server
  // the connection limits were set on (Fastify's listen binds localhost by default, and every
  // address of a name on servers of its own).
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  const server = app.getHttpServer();
  await new Promise<void>((listening, failed) => {
    server.once('error', failed);
    server.listen(config.port, config.host, () => {
      server.removeListener('error', failed);
      listening();
    });
  });
  startup.started();
  const logger = new Logger('Bootstrap');
  logger.log(`CRM backend listening on ${boundAddress(app.getHttpServer())} (event store: ${config.eventStore.driver}, data: ${config.dataDir})`);
  if (config.usingDevKeys) {
    logger.warn('CRM_API_KEYS is not set: using the documented development keys (never in production):');
    for (const { key, role } of config.apiKeys) logger.warn(`  Authorization: Bearer ${key}   (${role})`);
  }
}

bootstrap().catch(exitOnStartupFailure);
