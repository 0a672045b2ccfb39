import { EventStore } from '@crm/event-store';
import { PersonalDataVault } from '@crm/personal-data';
import { AppConfig } from '../../api/src/config/app-config';
import { createEventStore } from '../../api/src/infrastructure/event-store.factory';
import { openPersonalData } from '../../api/src/infrastructure/personal-data.factory';
import { openDataFile } from '../../api/src/infrastructure/sqlite-database';

export interface OpenStores {
  /** The log with personal fields revealed (or erased): for output people read. */
  events: EventStore;
  /** The log as stored, personal fields sealed: for projections and hash verification. */
  sealed: EventStore;
  vault: PersonalDataVault;
}

/** Opens the configured event store (SQLite file or EventStoreDB) and key store for a command. */
export async function withEventStore<T>(config: AppConfig, run: (stores: OpenStores) => Promise<T>): Promise<T> {
  const sqlite = openDataFile(config);
  const sealed = createEventStore(config, sqlite);
  const closeFiles = () => {
    for (const db of [sqlite.db, sqlite.readModels]) if (db.open) db.close();
  };
  let personal;
  try {
    personal = await openPersonalData(config, sealed, (message) => process.stderr.write(`${message}\n`));
  } catch (error) {
    await sealed.close();
    closeFiles();
    throw error;
  }
  try {
    return await run({ events: personal.events, sealed, vault: personal.vault });
  } finally {
    await personal.events.close();
    await personal.keys.close();
    closeFiles();
  }
}
