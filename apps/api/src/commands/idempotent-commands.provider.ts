import { CommandService, IdempotentCommandService } from '@crm/application';
import { EventStore } from '@crm/event-store';
import { IdempotencyStore } from '@crm/read-store';
import { Provider } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { toProblem } from '../http/problem';

/** Refusals that do not depend on timing, so replaying them is the truth; others (409, 429, 5xx) are retried afresh. */
const REPLAYABLE = new Set([404, 422]);

/**
 * The application's idempotent command service around its command service, called directly: a
 * command bus between them would only look up the one handler there is by the command's class.
 */
export const idempotentCommandsProvider: Provider = {
  provide: IdempotentCommandService,
  inject: [CommandService, EventStore, IdempotencyStore, AppConfig],
  useFactory: (commands: CommandService, store: EventStore, keys: IdempotencyStore, config: AppConfig) =>
    new IdempotentCommandService(commands, store, keys, {
      staleAfterMs: config.idempotencyStaleSeconds * 1000,
      replayableFailure: (error) => {
        const answer = toProblem(error);
        return REPLAYABLE.has(answer.status) ? { status: answer.status, body: JSON.stringify(answer) } : undefined;
      },
    }),
};
