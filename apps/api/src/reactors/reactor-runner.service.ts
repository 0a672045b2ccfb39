import { CommandService, ReactorRunner } from '@crm/application';
import { CheckpointStore, EventStore } from '@crm/event-store';
import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { REACTORS } from '../infrastructure/infrastructure.module';

/** Starts the checkpointed reactor runner with the server and stops it before the store closes. */
@Injectable()
export class ReactorRunnerService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly runner: ReactorRunner;

  constructor(store: EventStore, checkpoints: CheckpointStore, commands: CommandService) {
    this.runner = new ReactorRunner('reactors', REACTORS, store, checkpoints, commands, new Logger('ReactorRunner'));
  }

  onApplicationBootstrap(): void {
    this.runner.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.runner.stop();
  }
}
