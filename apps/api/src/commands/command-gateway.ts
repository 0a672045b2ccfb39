import { AnyCommandSpec, CommandResult } from '@crm/application';
import { EventStore } from '@crm/event-store';
import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { v5 as uuidv5 } from 'uuid';
import { IdempotencyService, ReplayedProblem } from '../idempotency/idempotency.service';
import { CommandMeta } from './command-meta.decorator';
import { CommandAcceptedDto } from './dto/command-accepted.dto';
import { RunCrmCommand } from './run-crm-command';

/** Namespace for ids derived from an Idempotency-Key, so a re-run after a crash targets the same streams. */
const IDEMPOTENT_ID_NAMESPACE = 'a6f1c7e2-3b7d-4d0e-9f51-2c8e4b9d7a10';

export const toAccepted = (result: CommandResult, correlationId: string): CommandAcceptedDto => ({
  streamId: result.streamId,
  version: result.version,
  position: result.position,
  events: result.events.map(({ eventId, type, version }) => ({ eventId, type, version })),
  correlationId,
  ids: result.ids,
});

/**
 * What every command route does: Idempotency-Key handling, server-generated ids, the command
 * context from the request, dispatch on the CommandBus, and the response headers.
 */
@Injectable()
export class CommandGateway {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly idempotency: IdempotencyService,
    private readonly store: EventStore,
  ) {}

  run(spec: AnyCommandSpec, dto: object, meta: CommandMeta): Promise<CommandAcceptedDto> {
    const input = spec.withIds ? spec.withIds(dto, this.idGenerator(meta)) : dto;
    const commandId = randomUUID();
    const recover = (abandoned: string) => this.recover(spec, input, abandoned);
    return this.idempotent(spec.commandType, meta, commandId, recover, async () => {
      const result = await this.commandBus.execute(
        new RunCrmCommand(spec, input, {
          actor: meta.apiKey.principal,
          commandId,
          correlationId: meta.correlationId,
          causationId: commandId,
          now: new Date().toISOString(),
          expectedVersion: meta.ifMatch,
        }),
      );
      return toAccepted(result, meta.correlationId);
    });
  }

  /**
   * What a request that died after appending (a crash before its Idempotency-Key was recorded)
   * produced: its events carry its command id, and its ids came from the key, so its target
   * stream is the same.
   */
  private async recover(spec: AnyCommandSpec, input: unknown, abandonedCommandId: string): Promise<CommandAcceptedDto | undefined> {
    const streamId = spec.aggregate.streamId(spec.targetId(input));
    const events = (await this.store.readStream(streamId)).filter((event) => event.metadata.commandId === abandonedCommandId);
    const last = events[events.length - 1];
    if (!last) return undefined;
    return {
      streamId,
      version: last.version,
      position: last.position,
      events: events.map(({ eventId, type, version }) => ({ eventId, type, version })),
      correlationId: last.metadata.correlationId,
      ids: spec.ids(input),
    };
  }

  /** Runs any command-like work under the request's Idempotency-Key and sets the response headers. */
  async idempotent<T extends object>(
    command: string,
    meta: CommandMeta,
    commandId: string,
    recover: (abandonedCommandId: string) => Promise<T | undefined>,
    execute: () => Promise<T>,
  ): Promise<T> {
    try {
      const request = { principal: meta.apiKey.principal, key: meta.idempotencyKey, command, body: meta.rawBody, commandId };
      const outcome = await this.idempotency.run(request, execute, recover);
      if (outcome.replayed) meta.response.setHeader('Idempotent-Replayed', 'true');
      if ('version' in outcome.body && typeof outcome.body.version === 'number') meta.response.setHeader('ETag', `"${outcome.body.version}"`);
      return outcome.body;
    } catch (error) {
      if (error instanceof ReplayedProblem) meta.response.setHeader('Idempotent-Replayed', 'true');
      throw error;
    }
  }

  private idGenerator(meta: CommandMeta): () => string {
    if (meta.idempotencyKey === undefined) return randomUUID;
    let n = 0;
    return () => uuidv5(`${meta.apiKey.principal}\u0000${meta.idempotencyKey}\u0000${n++}`, IDEMPOTENT_ID_NAMESPACE);
  }
}
