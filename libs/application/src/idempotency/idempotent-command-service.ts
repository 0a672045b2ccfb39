import { CrmEvent, DomainCommand } from '@crm/domain';
import { EventStore, Position } from '@crm/event-store';
import { IdempotencyStore } from '@crm/read-store';
import canonicalize from 'canonicalize';
import { createHash, randomUUID } from 'node:crypto';
import { v5 as uuidv5 } from 'uuid';
import { CommandContext } from '../command-handling/command-context';
import { CommandResult } from '../command-handling/command-result';
import { CommandService } from '../command-handling/command-service';
import { CommandSpec } from '../command-handling/command-spec';

/** Namespace for ids derived from an Idempotency-Key, so a re-run after a crash targets the same streams. */
const IDEMPOTENT_ID_NAMESPACE = 'a6f1c7e2-3b7d-4d0e-9f51-2c8e4b9d7a10';
const WAIT_FOR_FIRST_MS = 10_000;
const POLL_MS = 20;
/** The status a stored success is kept under; refusals keep the status their edge gives them. */
const SUCCESS = 200;

/** What a command answers, and what an Idempotency-Key replays: no event data, so no personal field. */
export interface CommandReceipt {
  streamId: string;
  version: number;
  position: Position | null;
  events: { eventId: string; type: string; version: number }[];
  correlationId: string;
  ids: Record<string, string>;
}

/** An Idempotency-Key as a client sent it: keys are scoped per principal, and compared by command and body. */
export interface IdempotencyKey {
  principal: string;
  key: string;
  command: string;
  /** The request as the client sent it (parsed JSON, before validation). */
  body: unknown;
}

export interface IdempotencyOptions {
  /** A pending claim older than this belongs to a request that died (a crash); the key may be run again. */
  staleAfterMs: number;
  /**
   * The stored form of a refusal worth replaying, because it does not depend on timing (a rule
   * refused it, its target does not exist), or undefined when a retry should run afresh (a
   * conflict, a full disk). The edge decides: it knows what the client was answered.
   */
  replayableFailure(error: unknown): { status: number; body: string } | undefined;
  waitForFirstMs?: number;
}

export interface IdempotentOutcome<T> {
  value: T;
  replayed: boolean;
}

/** The same Idempotency-Key with a different command or body. */
export class IdempotencyKeyReusedError extends Error {
  override readonly name = 'IdempotencyKeyReusedError';
  constructor() {
    super('This Idempotency-Key was already used with a different command or body.');
  }
}

/** The first request with this key is still running, past the time a duplicate waits for it. */
export class IdempotencyKeyInProgressError extends Error {
  override readonly name = 'IdempotencyKeyInProgressError';
  constructor() {
    super('A request with this Idempotency-Key is still running; retry shortly.');
  }
}

/** A stored refusal served again for a repeated Idempotency-Key: the edge answers it as it was. */
export class ReplayedRefusal extends Error {
  override readonly name = 'ReplayedRefusal';
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`replayed refusal (${status})`);
  }
}

/** What the idempotent service runs a command with: the command service, or a test double of it. */
export type CommandExecutor = Pick<CommandService, 'execute' | 'reactTo'>;

/**
 * Idempotency-Key around the command service (the HTTP gateway's, and the CLI importers'): the same key with the
 * same body returns the first outcome and appends nothing; with a different body it is refused.
 * A concurrent duplicate waits for the first. A request that died after appending (before its
 * outcome was recorded) is recovered from the log by its command id once its claim goes stale:
 * ids generated for it came from the key, so its target stream is the same.
 */
export class IdempotentCommandService {
  constructor(
    private readonly commands: CommandExecutor,
    private readonly store: EventStore,
    private readonly keys: IdempotencyStore,
    private readonly options: IdempotencyOptions,
  ) {}

  /** @param request what the caller sent, already validated: the command's data, generated ids optional */
  async execute<C extends DomainCommand, S, E extends CrmEvent, R>(
    spec: CommandSpec<C, S, E, R>,
    request: R,
    context: Omit<CommandContext, 'commandId' | 'causationId'>,
    key?: IdempotencyKey,
  ): Promise<IdempotentOutcome<CommandReceipt>> {
    const withIds = spec.withIds(request, idGenerator(key));
    const commandId = randomUUID();
    return this.run(
      key,
      commandId,
      async (executionId) => receipt(await this.commands.execute(spec, withIds, { ...context, commandId: executionId, causationId: executionId }), context.correlationId),
      (abandoned) => this.recover(spec, withIds, abandoned),
    );
  }

  /**
   * Any command-like work under an Idempotency-Key (a sweep, which re-runs safely and so recovers
   * nothing). Without a key the work simply runs.
   */
  async run<T>(
    key: IdempotencyKey | undefined,
    commandId: string,
    execute: (commandId: string) => Promise<T>,
    recover: (abandonedCommandId: string) => Promise<T | undefined> = async () => undefined,
  ): Promise<IdempotentOutcome<T>> {
    if (key === undefined) return { value: await execute(commandId), replayed: false };
    const scope = `${key.principal}\u0000${key.key}`;
    const fingerprint = createHash('sha256').update(key.command).update('\u0000').update(canonicalize(key.body) ?? '').digest('hex');

    const deadline = Date.now() + (this.options.waitForFirstMs ?? WAIT_FOR_FIRST_MS);
    for (;;) {
      const claim = await this.keys.claim(scope, fingerprint, commandId, this.options.staleAfterMs);
      if (claim.claimed) {
        const recovered = claim.abandonedCommandId === undefined ? undefined : await recover(claim.abandonedCommandId);
        if (recovered !== undefined) {
          await this.keys.complete(scope, SUCCESS, JSON.stringify(recovered));
          return { value: recovered, replayed: true };
        }
        // A claim taken over runs under the command id it was first run with, so a later retry that
        // finds this one dead too still finds in the log whatever either of them appended.
        const executionId = claim.abandonedCommandId ?? commandId;
        return { value: await this.executeAndRecord(scope, commandId, () => execute(executionId)), replayed: false };
      }
      const { record } = claim;
      if (record.fingerprint !== fingerprint) throw new IdempotencyKeyReusedError();
      if (record.state === 'done') {
        const stored = JSON.parse(record.body ?? 'null');
        if (record.status !== SUCCESS) throw new ReplayedRefusal(record.status ?? 500, stored);
        return { value: stored as T, replayed: true };
      }
      if (Date.now() > deadline) throw new IdempotencyKeyInProgressError();
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  private async executeAndRecord<T>(scope: string, commandId: string, execute: () => Promise<T>): Promise<T> {
    let value: T;
    // While the command runs (or waits in its stream's queue) its claim is kept fresh: only the
    // claim of a request that died goes stale, so a retry never runs a command that is still running.
    const renewal = setInterval(() => void this.keys.renew(scope, commandId).catch(() => undefined), Math.max(10, this.options.staleAfterMs / 3));
    try {
      value = await execute();
    } catch (error) {
      const refusal = this.options.replayableFailure(error);
      if (refusal) await this.keys.complete(scope, refusal.status, refusal.body);
      // A store that cannot release the claim now (e.g. the fault that failed the command) leaves it
      // pending; it goes stale and a retry then recovers from the log. The caller hears the first error.
      else await this.keys.release(scope, commandId).catch(() => undefined);
      throw error;
    } finally {
      clearInterval(renewal);
    }
    // If recording fails now, the claim stays pending on purpose: the command did run, and a
    // retry after the claim goes stale recovers its result from the log instead of running it again.
    await this.keys.complete(scope, SUCCESS, JSON.stringify(value));
    return value;
  }

  /** What a request that died after appending produced: its events carry its command id. */
  private async recover<C extends DomainCommand, S, E extends CrmEvent, R>(spec: CommandSpec<C, S, E, R>, input: C['data'], abandonedCommandId: string): Promise<CommandReceipt | undefined> {
    const streamId = spec.aggregate.streamId(spec.targetId(input));
    const events = (await this.store.readStream(streamId)).filter((event) => event.metadata.commandId === abandonedCommandId);
    const last = events[events.length - 1];
    if (!last) return undefined;
    // The request may have died between its append and its inline reactions (a qualified lead
    // without its customer yet): run them now, as the first request would have, before answering.
    await this.commands.reactTo(events);
    return {
      streamId,
      version: last.version,
      position: last.position,
      events: events.map(({ eventId, type, version }) => ({ eventId, type, version })),
      correlationId: last.metadata.correlationId,
      ids: spec.ids(input),
    };
  }
}

export const receipt = (result: CommandResult, correlationId: string): CommandReceipt => ({
  streamId: result.streamId,
  version: result.version,
  position: result.position,
  events: result.events.map(({ eventId, type, version }) => ({ eventId, type, version })),
  correlationId,
  ids: result.ids,
});

/** Ids a command generates: random, or derived from its Idempotency-Key so a re-run after a crash names the same ones. */
function idGenerator(key: IdempotencyKey | undefined): () => string {
  if (key === undefined) return randomUUID;
  let n = 0;
  return () => uuidv5(`${key.principal}\u0000${key.key}\u0000${n++}`, IDEMPOTENT_ID_NAMESPACE);
}
