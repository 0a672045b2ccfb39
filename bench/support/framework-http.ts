/**
 * The framework's own cost, for the HTTP scenario: Nest on Fastify, as the server runs, with the
 * server's edge (correlation-id hook, JSON body parser), validation pipe and problem filter, the
 * mix's three DTOs and the CQRS command bus, with commands handled by a no-op: none of our command
 * path (no auth, no idempotency, no decision, no storage, no projections). With FRAMEWORK=express,
 * the same on Nest's Express adapter (the server's framework before #17; its edge as the Express
 * middleware it had: a correlation id and express.json): what the move to Fastify gave at most.
 * Run as its own process: PORT from the environment; prints "ready" when listening.
 */
import 'reflect-metadata';
import { ArgumentsHost, Body, Catch, Controller, ExceptionFilter, HttpCode, INestApplication, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CommandBus, CommandHandler, CqrsModule, ICommandHandler } from '@nestjs/cqrs';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import express, { NextFunction, Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { LogInteractionDto, RecordPurchaseDto } from '../../apps/api/src/commands/dto/customer.dto';
import { AdvanceStageDto } from '../../apps/api/src/commands/dto/opportunity.dto';
import { CORRELATION_HEADER, SAFE_CORRELATION_ID, correlationId } from '../../apps/api/src/http/correlation-id.hook';
import { parseJsonBodies } from '../../apps/api/src/http/json-body.parser';
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

/** Errors as problem documents on an Express response (the server's filter writes to Fastify's reply). */
@Catch()
class ExpressProblemFilter implements ExceptionFilter {
  catch(error: unknown, host: ArgumentsHost): void {
    const body = toProblem(error);
    host.switchToHttp().getResponse<Response>().status(body.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(body));
  }
}

async function onExpress(): Promise<INestApplication> {
  const app = await NestFactory.create(FrameworkOnlyModule, { bodyParser: false, logger: ['error'] });
  // The server's Express middleware before the move: keep a safe caller's id or make one (the load sends none), then express.json.
  app.use((req: Request, res: Response, next: NextFunction) => {
    const given = req.header(CORRELATION_HEADER);
    res.setHeader(CORRELATION_HEADER, given !== undefined && SAFE_CORRELATION_ID.test(given) ? given : randomUUID());
    next();
  });
  app.use(express.json({ limit: BODY_LIMIT, strict: true }));
  app.useGlobalFilters(new ExpressProblemFilter());
  return app;
}

async function onFastify(): Promise<INestApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(FrameworkOnlyModule, new FastifyAdapter(), { bodyParser: false, logger: ['error'] });
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', correlationId);
  parseJsonBodies(fastify, () => BODY_LIMIT);
  app.useGlobalFilters(new ProblemDetailsFilter());
  return app;
}

async function main(): Promise<void> {
  const app = process.env.FRAMEWORK === 'express' ? await onExpress() : await onFastify();
  app.useGlobalPipes(new StrictValidationPipe());
  await app.listen(Number(process.env.PORT), '127.0.0.1');
  console.log('ready');
}

void main();
