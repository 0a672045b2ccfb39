import { IdempotentCommandService } from '@crm/application';
import { EventStore } from '@crm/event-store';
import { IdempotencyStore } from '@crm/read-store';
import { Provider } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { AppConfig } from '../config/app-config';
import { toProblem } from '../http/problem';
import { RunCrmCommand } from './run-crm-command';

/** Refusals that do not depend on timing, so replaying them is the truth; others (409, 429, 5xx) are retried afresh. */
const REPLAYABLE = new Set([404, 422]);

/** The application's idempotent command service, dispatching through the command bus. */
export const idempotentCommandsProvider: Provider = {
  provide: IdempotentCommandService,
  inject: [CommandBus, EventStore, IdempotencyStore, AppConfig],
  useFactory: (bus: CommandBus, store: EventStore, keys: IdempotencyStore, config: AppConfig) =>
    new IdempotentCommandService({ execute: (spec, input, context) => bus.execute(new RunCrmCommand(spec, input, context)) }, store, keys, {
      staleAfterMs: config.idempotencyStaleSeconds * 1000,
      replayableFailure: (error) => {
        const answer = toProblem(error);
        return REPLAYABLE.has(answer.status) ? { status: answer.status, body: JSON.stringify(answer) } : undefined;
      },
    }),
};
