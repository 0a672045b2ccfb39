import { CommandService } from '@crm/application';
import { EventStore } from '@crm/event-store';
import { Global, Inject, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { IdempotencyStore, ReadStore } from '@crm/read-store';
import { KeyStore, PersonalDataVault } from '@crm/personal-data';
import { AppConfig } from '../config/app-config';
import { commandServiceProvider } from './command-service.factory';
import { createEventStore } from './event-store.factory';
import { createIdempotencyStore } from './idempotency-store.factory';
import { PersonalData, SealedEventStore, openPersonalData } from './personal-data.factory';
import { createReadStore } from './read-store.factory';
import { SqliteDatabase, openDataFile } from './sqlite-database';

/**
 * Binds the ports to their adapters. `EventStore` is the log seen through the personal-data
 * vault (sealed on append, revealed on read); `SealedEventStore` is the same log as stored.
 * Idempotency records live in the configured shared store: MongoDB when it is configured (the read
 * models' database, a client of their own), else the SQLite data file.
 */
@Global()
@Module({
  providers: [
    { provide: SqliteDatabase, useFactory: openDataFile, inject: [AppConfig] },
    { provide: SealedEventStore, useFactory: createEventStore, inject: [AppConfig, SqliteDatabase] },
    {
      provide: PersonalData,
      inject: [AppConfig, SealedEventStore],
      useFactory: (config: AppConfig, sealed: EventStore) => {
        const logger = new Logger('PersonalData');
        return openPersonalData(config, sealed, (message) => logger.warn(message));
      },
    },
    { provide: KeyStore, useFactory: (personal: PersonalData) => personal.keys, inject: [PersonalData] },
    { provide: PersonalDataVault, useFactory: (personal: PersonalData) => personal.vault, inject: [PersonalData] },
    { provide: EventStore, useFactory: (personal: PersonalData) => personal.events, inject: [PersonalData] },
    { provide: ReadStore, useFactory: createReadStore, inject: [AppConfig, SqliteDatabase] },
    { provide: IdempotencyStore, useFactory: createIdempotencyStore, inject: [AppConfig, SqliteDatabase] },
    commandServiceProvider(),
  ],
  exports: [SqliteDatabase, SealedEventStore, EventStore, KeyStore, PersonalDataVault, ReadStore, IdempotencyStore, CommandService],
})
export class InfrastructureModule implements OnApplicationShutdown {
  constructor(
    @Inject(EventStore) private readonly store: EventStore,
    @Inject(SqliteDatabase) private readonly sqlite: SqliteDatabase,
    @Inject(ReadStore) private readonly reads: ReadStore,
    @Inject(KeyStore) private readonly keys: KeyStore,
    @Inject(IdempotencyStore) private readonly idempotency: IdempotencyStore,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
    await this.keys.close();
    await this.idempotency.close();
    // After the stores that ask it: what was asked is committed before the thread ends.
    await this.sqlite.writer?.close();
    await this.reads.close();
    for (const db of [this.sqlite.db, this.sqlite.idempotencyKeys, this.sqlite.readModels]) if (db?.open) db.close();
  }
}
