import { CommandService, leadToCustomerReactor, opportunityActivityReactor } from '@crm/application';
import { CheckpointStore, EventStore, SqliteCheckpointStore } from '@crm/event-store';
import { Global, Inject, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { ReadStore } from '@crm/read-store';
import { AppConfig } from '../config/app-config';
import { IdempotencyStore } from '../idempotency/idempotency.store';
import { SqliteIdempotencyStore } from '../idempotency/sqlite-idempotency.store';
import { createEventStore } from './event-store.factory';
import { createReadStore } from './read-store.factory';
import { SqliteDatabase, openDataFile } from './sqlite-database';

export const REACTORS = [leadToCustomerReactor, opportunityActivityReactor];

/**
 * Binds the ports to their adapters. Checkpoints and idempotency records live in the
 * SQLite data file until the read store (MongoDB when configured) takes them over.
 */
@Global()
@Module({
  providers: [
    { provide: SqliteDatabase, useFactory: openDataFile, inject: [AppConfig] },
    { provide: EventStore, useFactory: createEventStore, inject: [AppConfig, SqliteDatabase] },
    { provide: ReadStore, useFactory: createReadStore, inject: [AppConfig, SqliteDatabase] },
    { provide: CheckpointStore, useFactory: (sqlite: SqliteDatabase) => new SqliteCheckpointStore(sqlite.db), inject: [SqliteDatabase] },
    { provide: IdempotencyStore, useFactory: (sqlite: SqliteDatabase) => new SqliteIdempotencyStore(sqlite.db), inject: [SqliteDatabase] },
    {
      provide: CommandService,
      inject: [EventStore, AppConfig],
      useFactory: (store: EventStore, config: AppConfig) => {
        const logger = new Logger('Reactions');
        return new CommandService(store, {
          dormancyThresholdDays: config.dormancyThresholdDays,
          reactors: REACTORS,
          onReactionError: (error, event) =>
            logger.warn(`inline reaction to ${event.type} ${event.eventId} failed; the reactor runner will retry: ${String(error)}`),
        });
      },
    },
  ],
  exports: [SqliteDatabase, EventStore, ReadStore, CheckpointStore, IdempotencyStore, CommandService],
})
export class InfrastructureModule implements OnApplicationShutdown {
  constructor(
    @Inject(EventStore) private readonly store: EventStore,
    @Inject(SqliteDatabase) private readonly sqlite: SqliteDatabase,
    @Inject(ReadStore) private readonly reads: ReadStore,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
    await this.reads.close();
    for (const db of [this.sqlite.db, this.sqlite.readModels]) if (db.open) db.close();
  }
}
