import { CommandReceipt, CommandSpec, IdempotencyKey, IdempotentCommandService, IdempotentOutcome, ReplayedRefusal } from '@crm/application';
import { CrmEvent, DomainCommand } from '@crm/domain';
import { Injectable } from '@nestjs/common';
import { CommandMeta } from './command-meta.decorator';

/**
 * What every command route does with its request: the command's context and Idempotency-Key from
 * the headers, the idempotent command service, and the response headers. The rules live in the
 * application layer; this is only the HTTP side of them.
 */
@Injectable()
export class CommandGateway {
  constructor(private readonly commands: IdempotentCommandService) {}

  /** @param request the validated body: the spec's request */
  async run<C extends DomainCommand, S, E extends CrmEvent, R>(spec: CommandSpec<C, S, E, R>, request: R, meta: CommandMeta): Promise<CommandReceipt> {
    const context = { actor: meta.apiKey.principal, correlationId: meta.correlationId, now: new Date().toISOString(), expectedVersion: meta.ifMatch };
    return this.answer(meta, () => this.commands.execute(spec, request, context, idempotencyKey(spec.commandType, meta)));
  }

  /** Runs command-like work (a sweep) under the request's Idempotency-Key. */
  idempotent<T extends object>(command: string, meta: CommandMeta, commandId: string, execute: () => Promise<T>): Promise<T> {
    return this.answer(meta, () => this.commands.run(idempotencyKey(command, meta), commandId, execute));
  }

  private async answer<T extends object>(meta: CommandMeta, work: () => Promise<IdempotentOutcome<T>>): Promise<T> {
    try {
      const { value, replayed } = await work();
      if (replayed) meta.response.header('Idempotent-Replayed', 'true');
      if ('version' in value && typeof value.version === 'number') meta.response.header('ETag', `"${value.version}"`);
      return value;
    } catch (error) {
      if (error instanceof ReplayedRefusal) meta.response.header('Idempotent-Replayed', 'true');
      throw error;
    }
  }
}

const idempotencyKey = (command: string, meta: CommandMeta): IdempotencyKey | undefined =>
  meta.idempotencyKey === undefined ? undefined : { principal: meta.apiKey.principal, key: meta.idempotencyKey, command, body: meta.rawBody };
