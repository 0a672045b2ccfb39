import { CommandService } from '@crm/application';
import { EventStore } from '@crm/event-store';
import { ALL_PROJECTIONS, ProjectionEngine, reactorProcessors } from '@crm/projections';
import { SealedEventStore } from '../infrastructure/personal-data.factory';
import { ReadStore } from '@crm/read-store';
import { AppConfig } from '../config/app-config';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';

const logger = new Logger('Projections');

/**
 * Whether this engine runs the projections (true in the projector, and in the server with
 * CRM_PROJECTOR=in-process) or only follows the checkpoints the projector (thread or process) commits.
 */
export const RUNS_PROJECTIONS = Symbol('RUNS_PROJECTIONS');

/** The projection engine of this process: starts with it and stops before the stores close. */
@Injectable()
export class ProjectionEngineService extends ProjectionEngine implements OnApplicationBootstrap, OnModuleDestroy {
  constructor(
    events: SealedEventStore,
    reads: ReadStore,
    @Inject(RUNS_PROJECTIONS) private readonly runs: boolean,
    private readonly config: AppConfig,
    revealed: EventStore,
    commands: CommandService,
  ) {
    const reactors = reactorProcessors({
      events: revealed,
      commands,
      onRefused: (reactor, event, error) => logger.warn(`${reactor}: reaction to ${event.type} at ${event.position} refused: ${error instanceof Error ? error.message : String(error)}`),
    });
    super([...ALL_PROJECTIONS, ...reactors], events, reads, {
      leaseTtlMs: config.projectionLeaseMs,
      // Passive: this process never takes a lease; queries wait on and report the projector's checkpoints.
      passive: !runs,
      onStoreError: (projection, error, retryInMs) =>
        logger.warn(`${projection}: the store failed (${error instanceof Error ? error.message : String(error)}); retrying in ${retryInMs} ms`),
    });
  }

  onApplicationBootstrap(): void {
    if (!this.runs) logger.log(`CRM_PROJECTOR=${this.config.projector}: the projector ${this.config.projector === 'thread' ? 'thread' : 'process'} runs the projections; this server reads their checkpoints`);
    this.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.stop();
  }
}
