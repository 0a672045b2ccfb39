/**
 * The framework's own cost, for the HTTP scenario: Nest on Express with the server's middleware
 * (correlation id, JSON body), validation pipe and problem filter, the mix's three DTOs and the
 * CQRS command bus, with commands handled by a no-op: none of our command path (no auth, no
 * idempotency, no decision, no storage, no projections). With FRAMEWORK=fastify, the same on
 * Nest's Fastify adapter (the correlation id as a hook and Fastify's own JSON parser, since
 * Express-style middleware does not run there): what moving the server to Fastify would give at
 * most. Run as its own process: PORT from the environment; prints "ready" when listening.
 */
import 'reflect-metadata';
import { ArgumentsHost, Body, Catch, Controller, ExceptionFilter, HttpCode, INestApplication, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CommandBus, CommandHandler, CqrsModule, ICommandHandler } from '@nestjs/cqrs';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { LogInteractionDto, RecordPurchaseDto } from '../../apps/api/src/commands/dto/customer.dto';
import { AdvanceStageDto } from '../../apps/api/src/commands/dto/opportunity.dto';
import { CORRELATION_HEADER, SAFE_CORRELATION_ID, correlationId } from '../../apps/api/src/http/correlation-id.middleware';
import { jsonBody } from '../../apps/api/src/http/json-body.middleware';
import { PROBLEM_CONTENT_TYPE, toProblem } from '../../apps/api/src/http/problem';
import { ProblemDetailsFilter } from '../../apps/api/src/http/problem-details.filter';
import { StrictValidationPipe } from '../../apps/api/src/http/validation.pipe';

class Accept {
  constructor(readonly name: string) {}
}

@CommandHandler(Accept)
class AcceptHandler implements ICommandHandler<Accept> {
  async execute({ name }: Accept) {
    return { commandId: randomUUID(), command: name };
  }
}

@Controller('commands')
class NoOpCommandsController {
  constructor(private readonly bus: CommandBus) {}

  @Post('LogInteraction')
  @HttpCode(200)
  logInteraction(@Body() _body: LogInteractionDto) {
    return this.bus.execute(new Accept('LogInteraction'));
  }

  @Post('RecordPurchase')
  @HttpCode(200)
  recordPurchase(@Body() _body: RecordPurchaseDto) {
    return this.bus.execute(new Accept('RecordPurchase'));
  }

  @Post('AdvanceStage')
  @HttpCode(200)
  advanceStage(@Body() _body: AdvanceStageDto) {
    return this.bus.execute(new Accept('AdvanceStage'));
  }
}

@Module({ imports: [CqrsModule.forRoot()], controllers: [NoOpCommandsController], providers: [AcceptHandler] })
class FrameworkOnlyModule {}

const BODY_LIMIT = 1024 * 1024;

async function onExpress(): Promise<INestApplication> {
  const app = await NestFactory.create(FrameworkOnlyModule, { bodyParser: false, logger: ['error'] });
  app.use(correlationId);
  app.use(jsonBody(BODY_LIMIT));
  app.useGlobalFilters(new ProblemDetailsFilter());
  return app;
}

/** Errors as problem documents on a Fastify reply (the server's filter writes to Express's). */
@Catch()
class FastifyProblemFilter implements ExceptionFilter {
  catch(error: unknown, host: ArgumentsHost): void {
    const body = toProblem(error);
    void host.switchToHttp().getResponse<FastifyReply>().status(body.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(body));
  }
}

async function onFastify(): Promise<INestApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(FrameworkOnlyModule, new FastifyAdapter({ bodyLimit: BODY_LIMIT }), { logger: ['error'] });
  // What correlationId does, as a hook: keep the caller's id if it passes the server's check, else make one (the load sends none, so the server's 400 for a bad one is left out).
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
      const given = request.headers[CORRELATION_HEADER.toLowerCase()];
      const id = typeof given === 'string' && SAFE_CORRELATION_ID.test(given) ? given : randomUUID();
      void reply.header(CORRELATION_HEADER, id);
    });
  app.useGlobalFilters(new FastifyProblemFilter());
  return app;
}

async function main(): Promise<void> {
  const app = process.env.FRAMEWORK === 'fastify' ? await onFastify() : await onExpress();
  app.useGlobalPipes(new StrictValidationPipe());
  await app.listen(Number(process.env.PORT), '127.0.0.1');
  console.log('ready');
}

void main();
