import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AppModule } from './app.module';
import { bodyLimitFor } from './audit/checkpoint-body-limit';
import { ApiKeyAuthenticator } from './auth/api-key-authenticator';
import { AppConfig } from './config/app-config';
import { StartupLogger } from './config/startup-logger';
import { AddressRateLimiter } from './http/address-rate-limiter';
import { beforeAuthentication } from './http/before-authentication.hook';
import { answerClientError } from './http/client-errors';
import { limitConnections } from './http/connection-limits';
import { consoleDirectory, serveConsole } from './http/console-files';
import { correlationId } from './http/correlation-id.hook';
import { parseJsonBodies } from './http/json-body.parser';
import { toProblem } from './http/problem';
import { addProblemSchema } from './http/problem.schema';
import { refuseUnread } from './http/reply';
import { StrictValidationPipe } from './http/validation.pipe';
import { commandMetrics } from './metrics/command-metrics.hook';
import { MetricsService } from './metrics/metrics.service';

/**
 * The HTTP server: Nest on Fastify (its framework cost is about half of Express's: BENCHMARKS.md).
 * Routes ignore case and a trailing slash, as the contract's clients have always been answered;
 * a path parameter may be ten times a stream id's 200 characters, so that an over-long id is
 * refused by validation as before (beyond 2,000 the router answers 414). Keep-alive as Node's
 * default, 5 s.
 */
function httpAdapter(): FastifyAdapter {
  return new FastifyAdapter({
    routerOptions: { caseSensitive: false, ignoreTrailingSlash: true, maxParamLength: 2000 },
    keepAliveTimeout: 5000,
    clientErrorHandler: answerClientError,
    // A URL the router cannot take (bad percent-encoding, an over-long parameter): a problem
    // document, as every refusal. No hook has run: a body sent with it is unread.
    frameworkErrors: (error: Error, request: FastifyRequest, reply: FastifyReply) => refuseUnread(request, reply, toProblem(error)),
    // Requests that arrive while the server closes are answered as before (by the handlers, whose
    // stores answer 503 problem documents once closed), not by Fastify's own JSON 503.
    return503OnClosing: false,
  });
}

/** Builds the whole server from an environment; main.ts and the end-to-end tests both use it. */
export async function createApp(env: NodeJS.ProcessEnv, options: { logger?: false | StartupLogger } = {}): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.register(env), httpAdapter(), {
    bodyParser: false,
    // Let start-up errors reach the caller (main.ts names a configuration error in one line) instead of aborting the process.
    abortOnError: false,
    logger: options.logger ?? new StartupLogger(),
  });
  const config = app.get(AppConfig);
  limitConnections(app.getHttpServer(), config);
  const fastify = app.getHttpAdapter().getInstance();
  // Edge hooks, in this order, before any body is read or any route's handler runs.
  fastify.addHook('onRequest', correlationId);
  fastify.addHook('onRequest', commandMetrics(app.get(MetricsService)));
  // Requests without a valid key are limited per address, and their bodies never read.
  fastify.addHook('onRequest', beforeAuthentication(new ApiKeyAuthenticator(config.apiKeys), new AddressRateLimiter(config.addressRateLimitPerSecond)));
  await serveConsole(fastify, consoleDirectory(config.consoleDir));
  parseJsonBodies(fastify, bodyLimitFor(config));
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
