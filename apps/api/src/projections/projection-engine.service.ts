import { ALL_PROJECTIONS, ProjectionEngine } from '@crm/projections';
import { SealedEventStore } from '../infrastructure/personal-data.factory';
import { ReadStore } from '@crm/read-store';
import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';

const logger = new Logger('Projections');

/** The in-process projector: starts with the server and stops before the stores close. */
@Injectable()
export class ProjectionEngineService extends ProjectionEngine implements OnApplicationBootstrap, OnModuleDestroy {
  constructor(events: SealedEventStore, reads: ReadStore) {
    super(ALL_PROJECTIONS, events, reads, {
      onStoreError: (projection, error, retryInMs) =>
        logger.warn(`${projection}: the store failed (${error instanceof Error ? error.message : String(error)}); retrying in ${retryInMs} ms`),
    });
  }

  onApplicationBootstrap(): void {
    this.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.stop();
  }
}
