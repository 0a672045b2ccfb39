import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AppModule } from './app.module';
import { checkpointBody } from './audit/checkpoint-body.middleware';
import { ApiKeyAuthenticator } from './auth/api-key-authenticator';
import { AppConfig } from './config/app-config';
import { StartupLogger } from './config/startup-logger';
import { AddressRateLimiter } from './http/address-rate-limiter';
import { beforeAuthentication } from './http/before-authentication.middleware';
import { limitConnections } from './http/connection-limits';
import { consoleDirectory, consoleFiles } from './http/console-files';
import { correlationId } from './http/correlation-id.middleware';
import { jsonBody } from './http/json-body.middleware';
import { commandMetrics } from './metrics/command-metrics.middleware';
import { MetricsService } from './metrics/metrics.service';
import { addProblemSchema } from './http/problem.schema';
import { StrictValidationPipe } from './http/validation.pipe';

/** Builds the whole server from an environment; main.ts and the end-to-end tests both use it. */
export async function createApp(env: NodeJS.ProcessEnv, options: { logger?: false | StartupLogger } = {}): Promise<INestApplication> {
  const app = await NestFactory.create(AppModule.register(env), {
    bodyParser: false,
    // Let start-up errors reach the caller (main.ts names a configuration error in one line) instead of aborting the process.
    abortOnError: false,
    logger: options.logger ?? new StartupLogger(),
  });
  const config = app.get(AppConfig);
  limitConnections(app.getHttpServer(), config);
  app.use(correlationId);
  app.use('/commands', commandMetrics(app.get(MetricsService)));
  // Before any body is read: requests without a valid key are limited per address and never read.
  app.use(beforeAuthentication(new ApiKeyAuthenticator(config.apiKeys), new AddressRateLimiter(config.addressRateLimitPerSecond)));
  app.use('/console', consoleFiles(consoleDirectory(config.consoleDir)));
  app.use('/audit/verify', checkpointBody(config));
  app.use(jsonBody(config.bodyLimitBytes));
  app.useGlobalPipes(new StrictValidationPipe());
  app.enableShutdownHooks();

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('CRM event-sourced backend')
      .setDescription('Commands append immutable events; see shared/design/api.md for the contract.')
      .setVersion('1')
      // An opaque key from CRM_API_KEYS, not a JWT: nothing in it is meant to be decoded.
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'API key', description: 'Authorization: Bearer <key>, a key from CRM_API_KEYS (an opaque string, not a JWT)' })
      .build(),
  );
  addProblemSchema(document);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  return app;
}
