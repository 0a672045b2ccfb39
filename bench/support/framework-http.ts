/**
 * The framework's own cost, for the HTTP scenario: Nest on Express with the server's middleware
 * (correlation id, JSON body), validation pipe and problem filter, the mix's three DTOs and the
 * CQRS command bus, with commands handled by a no-op: none of our command path (no auth, no
 * idempotency, no decision, no storage, no projections). Run as its own process: PORT from the
 * environment; prints "ready" when listening.
 */
import 'reflect-metadata';
import { Body, Controller, HttpCode, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CommandBus, CommandHandler, CqrsModule, ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { LogInteractionDto, RecordPurchaseDto } from '../../apps/api/src/commands/dto/customer.dto';
import { AdvanceStageDto } from '../../apps/api/src/commands/dto/opportunity.dto';
import { correlationId } from '../../apps/api/src/http/correlation-id.middleware';
import { jsonBody } from '../../apps/api/src/http/json-body.middleware';
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

async function main(): Promise<void> {
  const app = await NestFactory.create(FrameworkOnlyModule, { bodyParser: false, logger: ['error'] });
  app.use(correlationId);
  app.use(jsonBody(1024 * 1024));
  app.useGlobalPipes(new StrictValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter());
  await app.listen(Number(process.env.PORT), '127.0.0.1');
  console.log('ready');
}

void main();
