import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AppModule } from './app.module';
import { ApiKeyAuthenticator } from './auth/api-key-authenticator';
import { AppConfig } from './config/app-config';
import { StartupLogger } from './config/startup-logger';
import { AddressRateLimiter } from './http/address-rate-limiter';
import { beforeAuthentication } from './http/before-authentication.middleware';
import { limitConnections } from './http/connection-limits';
import { correlationId } from './http/correlation-id.middleware';
import { jsonBody } from './http/json-body.middleware';
import { StrictValidationPipe } from './http/validation.pipe';

/** Builds the whole server from an environment; main.ts and the end-to-end tests both use it. */
export async function createApp(env: NodeJS.ProcessEnv, options: { logger?: false } = {}): Promise<INestApplication> {
  const app = await NestFactory.create(AppModule.register(env), {
    bodyParser: false,
    // Let start-up errors reach the caller (main.ts names a configuration error in one line) instead of aborting the process.
    abortOnError: false,
    logger: options.logger === false ? false : new StartupLogger(),
  });
  const config = app.get(AppConfig);
  limitConnections(app.getHttpServer(), config);
  app.use(correlationId);
  app.use(beforeAuthentication(new ApiKeyAuthenticator(config.apiKeys), new AddressRateLimiter(config.addressRateLimitPerSecond)));
  app.use(jsonBody(config.bodyLimitBytes));
  app.useGlobalPipes(new StrictValidationPipe());
  app.enableShutdownHooks();

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('CRM event-sourced backend')
      .setDescription('Commands append immutable events; see shared/design/api.md for the contract.')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  return app;
}
