import { EsdbEventStore, EventStore, SqliteEventStore } from '@crm/event-store';
import { AppConfig } from '../config/app-config';
import { SqliteDatabase } from './sqlite-database';

/** The one place the event store driver is chosen. */
export function createEventStore(config: AppConfig, sqlite: SqliteDatabase): EventStore {
  const settings = config.eventStore;
  switch (settings.driver) {
    case 'sqlite':
      return new SqliteEventStore(sqlite.db, { writer: sqlite.writer });
    case 'esdb':
      return EsdbEventStore.fromConnectionString(settings.connectionString);
    default: {
      const unknown: never = settings;
      throw new Error(`unknown event store driver ${JSON.stringify(unknown)}`);
    }
  }
}
