import { CheckpointStore, EventStore, EventSubscription } from '@crm/event-store';
import { AggregateNotFound, RuleViolation } from '@crm/domain';
import { CommandService } from '../command-handling/command-service';
import { StreamNotFoundError } from '../command-handling/command-errors';
import { react } from './reactions';
import { Reactor } from './reactor';

const SAVE_EVERY = 50;

export interface ReactorRunnerLogger {
  warn(message: string): void;
  error(message: string): void;
}

/**
 * The safety net behind inline reactions: follows $all from a stored checkpoint, so an event
 * whose inline reaction was lost (crash, transient error) still gets its reaction. A reaction
 * refused by a domain rule is logged and passed over; any other failure is retried with backoff
 * so nothing is skipped.
 */
export class ReactorRunner {
  private subscription: EventSubscription | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly name: string,
    private readonly reactors: readonly Reactor[],
    private readonly store: EventStore,
    private readonly checkpoints: CheckpointStore,
    private readonly commands: CommandService,
    private readonly logger: ReactorRunnerLogger,
    private readonly now: () => Date = () => new Date(),
  ) {}

  start(): void {
    this.running = this.run();
  }

  private async run(): Promise<void> {
    const eventTypes = [...new Set(this.reactors.flatMap((reactor) => reactor.eventTypes))];
    let position = await this.checkpoints.load(this.name);
    let unsaved = 0;
    this.subscription = this.store.subscribeToAll({ after: position, eventTypes });
    for await (const event of this.subscription) {
      await this.reactWithRetry(event);
      position = event.position;
      if (++unsaved >= SAVE_EVERY) {
        await this.checkpoints.save(this.name, position);
        unsaved = 0;
      }
    }
    if (position !== undefined && unsaved > 0) await this.checkpoints.save(this.name, position);
  }

  private async reactWithRetry(event: Parameters<typeof react>[1] & { position: string }): Promise<void> {
    for (let backoffMs = 100; !this.stopped; backoffMs = Math.min(backoffMs * 2, 10_000)) {
      try {
        await react(this.reactors, event, this.commands, this.now);
        return;
      } catch (error) {
        if (error instanceof RuleViolation || error instanceof AggregateNotFound || error instanceof StreamNotFoundError) {
          this.logger.warn(`reaction to ${event.type} at ${event.position} refused: ${error.message}`);
          return;
        }
        this.logger.error(`reaction to ${event.type} at ${event.position} failed, retrying: ${String(error)}`);
        await new Promise((resolve) => setTimeout(resolve, backoffMs));
      }
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.subscription?.close();
    await this.running?.catch((error) => this.logger.error(`reactor runner stopped with ${String(error)}`));
  }
}
