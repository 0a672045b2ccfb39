import {
  AggregateNotFound,
  CrmEvent,
  DEFAULT_FUTURE_TOLERANCE_SECONDS,
  DecisionContext,
  DomainCommand,
  businessTimeOf,
  currentSchemaVersion,
  refuseFutureBusinessTime,
} from '@crm/domain';
import { EventData, EventStore, ExpectedRevision, NewEvent, WrongExpectedVersionError } from '@crm/event-store';
import { CommandContext } from './command-context';
import { StreamAlreadyExistsError } from './command-errors';
import { newEventId } from './event-id';
import { PerKeyQueue } from './per-key-queue';
import { AppendedEvent, CommandResult } from './command-result';
import { react } from '../reactors/reactions';
import { Reactor } from '../reactors/reactor';
import { Aggregate, CommandSpec } from './command-spec';
import { toAggregateEvent } from './event-mapping';

/** How often a command without If-Match is re-decided on fresh state after a concurrent write. */
const RETRIES_WITHOUT_IF_MATCH = 12;
/**
 * Streams whose folded state is kept in memory by default (least recently used first out). A miss
 * re-reads and re-folds the whole stream, which was the largest item of our own code in a profile
 * of the HTTP bench (20,000 hot streams against a cache of 10,000): see bench/results/http.md.
 */
export const DEFAULT_CACHED_STREAMS = 50_000;

interface FoldedStream<S> {
  /** Whose fold this is: the state is read back only through the same aggregate. */
  aggregate: object;
  /** Version of the last event folded in (-1: empty stream). */
  version: number;
  state: S;
  position: string | null;
}

/** Some aggregate's fold, as the cache holds it. */
type AnyFoldedStream = FoldedStream<unknown>;

const foldedBy = <S>(folded: AnyFoldedStream, aggregate: Aggregate<DomainCommand, S, CrmEvent>): folded is FoldedStream<S> => folded.aggregate === aggregate;

export interface CommandServiceOptions {
  dormancyThresholdDays: number;
  /** How far ahead of the server's clock a business time may be (CRM_FUTURE_TOLERANCE_SECONDS). */
  futureToleranceSeconds?: number;
  /** How many streams' folded states to keep in memory (CRM_CACHED_STREAMS); 0 folds every stream afresh. */
  cachedStreams?: number;
  /**
   * Whether a command may be decided on its stream's cached fold without reading the store first
   * (default true): right for the process that writes its streams. A service whose streams are
   * mostly written elsewhere (the projector's reactions, to streams the server writes) would find
   * its folds behind on nearly every command and pay a refused append for each: false reads the
   * events appended since the fold before every decision.
   */
  trustCachedFolds?: boolean;
  /**
   * Run inline right after each append, so that e.g. the customer of a qualified lead exists
   * when the response is sent. A failure here does not fail the command: the reactor's processor on the engine
   * replays the event from its checkpoint.
   */
  reactors?: readonly Reactor[];
  onReactionError?: (error: unknown, event: AppendedEvent) => void;
  clock?: () => Date;
  /**
   * The log as stored, when `store` reveals personal fields on the way out: streams are folded
   * from it, sealed, which spares a key lookup and a decryption per field on every stream a
   * command loads. A command whose decision reads personal fields (CommandSpec.readsPersonalData)
   * folds its stream afresh through `store` instead.
   */
  sealedLog?: EventStore;
}

/**
 * The one generic load → decide → append. Every command, from HTTP or from a reactor, runs
 * through `execute`: fold the target stream, decide, append with the revision that was read.
 */
export class CommandService {
  /**
   * Folded state per stream. Events are immutable, so the state at version v plus the events
   * after v is the current state: a command reads only what was appended since (by any process).
   * With a sealed log a state's personal fields are sealed (folded from the log) or plain (just
   * decided): no decision reads them from here (see foldRevealed).
   */
  private readonly folded = new Map<string, AnyFoldedStream>();
  private readonly streams = new PerKeyQueue();

  constructor(
    private readonly store: EventStore,
    private readonly options: CommandServiceOptions,
  ) {}

  /** How far ahead of the server's clock a business time may be. */
  get futureToleranceSeconds(): number {
    return this.options.futureToleranceSeconds ?? DEFAULT_FUTURE_TOLERANCE_SECONDS;
  }

  async execute<C extends DomainCommand, S, E extends CrmEvent, R>(spec: CommandSpec<C, S, E, R>, input: C['data'], context: CommandContext): Promise<CommandResult> {
    const targetId = spec.targetId(input);
    const streamId = spec.aggregate.streamId(targetId);
    for (const requirement of spec.requires?.(input) ?? []) {
      if (!(await this.store.streamExists(requirement.streamId))) throw new AggregateNotFound(requirement.aggregate, requirement.id);
    }
    const result = await this.streams.run(streamId, () => this.decideAndAppend(spec, input, context, targetId, streamId));
    // Outside the stream's queue: a reaction appends to another stream, which may react back to this one.
    await this.reactTo(result.events);
    return result;
  }

  private async decideAndAppend<C extends DomainCommand, S, E extends CrmEvent, R>(
    spec: CommandSpec<C, S, E, R>,
    input: C['data'],
    context: CommandContext,
    targetId: string,
    streamId: string,
  ): Promise<CommandResult> {
    const decision: DecisionContext = { now: context.now, dormancyThresholdDays: this.options.dormancyThresholdDays };
    const ids = spec.ids(input);
    const tolerance = this.futureToleranceSeconds;

    // The first attempt may trust a cached fold without reading the store (trustCachedFolds): if
    // another process wrote to the stream since, the append's expected revision says so. Whatever
    // else a fold that is behind could cause, a refusal or a decision to change nothing, is decided
    // again on a fresh read before it is answered.
    for (let attempt = 0; ; attempt++) {
      const current = await this.load(spec.aggregate, streamId, attempt > 0 || this.options.trustCachedFolds === false);
      const verified = current.read;
      let decided: readonly E[];
      let events: NewEvent[];
      try {
        this.checkExpectations(spec, streamId, targetId, current.version, context.expectedVersion);
        const state = spec.readsPersonalData && this.options.sealedLog ? await this.foldRevealed(spec.aggregate, streamId, current.version) : current.state;
        decided = spec.aggregate.decider.decide(spec.toCommand(input, decision), state);
        for (const event of decided) refuseFutureBusinessTime(businessTimeOf(event), context.now, tolerance, `the business time of ${event.type}`);
        events = decided.map((event) => this.toNewEvent(event, spec.commandType, context));
      } catch (error) {
        if (!verified) continue;
        throw error;
      }
      if (decided.length === 0) {
        if (!verified) continue;
        return { streamId, version: current.version, position: current.position, events: [], ids };
      }
      try {
        return await this.append(spec.aggregate, streamId, current, decided, events, ids);
      } catch (error) {
        // A cached fold that missed another process's write: read it and decide again, at once.
        if (error instanceof WrongExpectedVersionError && !verified) continue;
        // In-process writers queue per stream, so a clash here is another process's write.
        const mayRetry = context.expectedVersion === undefined && spec.expected !== 'new' && attempt < RETRIES_WITHOUT_IF_MATCH;
        if (error instanceof WrongExpectedVersionError && spec.expected === 'new' && context.expectedVersion === undefined) {
          // Another process created the stream between our read and our append.
          throw new StreamAlreadyExistsError(spec.aggregate.name, targetId, streamId, error.actual);
        }
        if (error instanceof WrongExpectedVersionError && mayRetry) {
          // Jittered backoff spreads out writers that all read the same version.
          await new Promise((resolve) => setTimeout(resolve, Math.random() * 2 ** Math.min(attempt, 6)));
          continue;
        }
        throw error;
      }
    }
  }

  /** Appends what was decided on `current` and keeps the state it leads to. */
  private async append<S, E extends CrmEvent>(
    aggregate: Aggregate<DomainCommand, S, E>,
    streamId: string,
    current: FoldedStream<S>,
    decided: readonly E[],
    events: NewEvent[],
    ids: CommandResult['ids'],
  ): Promise<CommandResult> {
    const expectedRevision: ExpectedRevision = current.version === -1 ? 'no-stream' : current.version;
    const appended = await this.store.appendToStream(streamId, events, { expectedRevision });
    this.remember(streamId, {
      aggregate,
      version: appended.nextExpectedVersion,
      state: decided.reduce((state, event) => aggregate.decider.evolve(state, event), current.state),
      position: appended.position,
    });
    return {
      streamId,
      version: appended.nextExpectedVersion,
      position: appended.position,
      events: events.map((event, i) => ({ ...event, version: appended.events[i].version })),
      ids,
    };
  }

  /**
   * The inline reactions to events of the log (those a command just appended, or those of a
   * command that died before reacting, found again by its retry). Failures are told, not thrown:
   * the reactors' processors on the engine run every reaction that did not happen.
   */
  async reactTo(events: readonly AppendedEvent[]): Promise<void> {
    const reactors = this.options.reactors ?? [];
    if (reactors.length === 0) return;
    for (const event of events) {
      try {
        await react(reactors, event, this, this.options.clock ?? (() => new Date()));
      } catch (error) {
        this.options.onReactionError?.(error, event);
      }
    }
  }

  private checkExpectations<C extends DomainCommand, S, E extends CrmEvent, R>(spec: CommandSpec<C, S, E, R>, streamId: string, targetId: string, actual: number, ifMatch?: number): void {
    if (spec.expected === 'existing' && actual === -1) throw new AggregateNotFound(spec.aggregate.name, targetId);
    if (spec.expected === 'new' && actual !== -1) throw new StreamAlreadyExistsError(spec.aggregate.name, targetId, streamId, actual);
    if (ifMatch !== undefined && ifMatch !== actual) throw new WrongExpectedVersionError(streamId, ifMatch, actual);
  }

  /**
   * The stream's state: the cached fold as it is (`read` false), or, when `fresh` or nothing is
   * cached, the cached fold plus whatever was appended since (by any process).
   */
  private async load<C extends DomainCommand, S, E extends CrmEvent>(aggregate: Aggregate<C, S, E>, streamId: string, fresh: boolean): Promise<FoldedStream<S> & { read: boolean }> {
    const entry = this.folded.get(streamId);
    const cached = entry && foldedBy(entry, aggregate) ? entry : undefined;
    if (cached && !fresh) return { ...cached, read: false };
    const newer = await (this.options.sealedLog ?? this.store).readStream(streamId, { fromVersion: cached ? cached.version + 1 : 0 });
    if (cached && newer.length === 0) return { ...cached, read: true };
    const base: FoldedStream<S> = cached ?? { aggregate, version: -1, state: aggregate.decider.initialState(), position: null };
    const folded: FoldedStream<S> = {
      aggregate,
      version: base.version + newer.length,
      state: newer.map((event) => toAggregateEvent(aggregate, event)).reduce((state, event) => aggregate.decider.evolve(state, event), base.state),
      position: newer.length ? newer[newer.length - 1].position : base.position,
    };
    this.remember(streamId, folded);
    return { ...folded, read: true };
  }

  /**
   * The stream up to `version` folded from the log with its personal fields revealed, event by
   * event. Never the cached state revealed: it holds the plain values commands decided, and a
   * caller's value shaped like a sealed one (another customer's ciphertext, copied from a backup)
   * must stay what it is, not be opened with that customer's key.
   */
  private async foldRevealed<C extends DomainCommand, S, E extends CrmEvent>(aggregate: Aggregate<C, S, E>, streamId: string, version: number): Promise<S> {
    const events = version < 0 ? [] : await this.store.readStream(streamId, { maxCount: version + 1 });
    return events.map((event) => toAggregateEvent(aggregate, event)).reduce((state, event) => aggregate.decider.evolve(state, event), aggregate.decider.initialState());
  }

  private get cachedStreams(): number {
    return this.options.cachedStreams ?? DEFAULT_CACHED_STREAMS;
  }

  private remember(streamId: string, folded: AnyFoldedStream): void {
    this.folded.delete(streamId);
    this.folded.set(streamId, folded);
    if (this.folded.size > this.cachedStreams) this.folded.delete(this.folded.keys().next().value as string);
  }

  private toNewEvent(event: CrmEvent, commandType: string, context: CommandContext): NewEvent {
    return {
      eventId: newEventId(),
      type: event.type,
      data: withoutUndefined(event.data),
      metadata: {
        occurredAt: businessTimeOf(event),
        actor: context.actor,
        commandType,
        commandId: context.commandId,
        correlationId: context.correlationId,
        causationId: context.causationId,
        schemaVersion: currentSchemaVersion(event.type),
      },
    };
  }
}

/** Stored JSON drops undefined fields; dropping them here keeps what reactors see equal to what is stored. */
function withoutUndefined(data: object): EventData {
  const copy: EventData = {};
  for (const [key, field] of Object.entries(data)) if (field !== undefined) copy[key] = withoutUndefinedIn(field);
  return copy;
}

function withoutUndefinedIn(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutUndefinedIn);
  return value === null || typeof value !== 'object' ? value : withoutUndefined(value);
}
