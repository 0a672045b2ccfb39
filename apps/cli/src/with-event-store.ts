import { EventStore } from '@crm/event-store';
import { AppConfig } from '../../api/src/config/app-config';
import { createEventStore } from '../../api/src/infrastructure/event-store.factory';
import { openDataFile } from '../../api/src/infrastructure/sqlite-database';

/** Opens the configured event store (SQLite file or EventStoreDB) for a read-only command. */
export async function withEventStore<T>(config: AppConfig, run: (store: EventStore) => Promise<T>): Promise<T> {
  const sqlite = openDataFile(config);
  const store = createEventStore(config, sqlite);
  try {
    return await run(store);
  } finally {
    await store.close();
    for (const db of [sqlite.db, sqlite.readModels]) if (db.open) db.close();
  }
}

