import type Database from 'better-sqlite3';
import { AppConfig } from '../../../api/src/config/app-config';
import { DATA_FILES, SqliteDatabase, inDataDir, openInDataDir, openReadModelsFile } from '../../../api/src/infrastructure/sqlite-database';
import { ResourceScope } from './resource-scope';

/**
 * The embedded data files as the server's factories expect them, each connection opened on first
 * use only: a command on EventStoreDB and MongoDB never touches them, one that reads no read model
 * never opens the read models' file.
 */
export function lazyDataFile(scope: ResourceScope, config: AppConfig): SqliteDatabase {
  const connections = new Map<string, Database.Database>();
  const held = (label: string, open: () => Database.Database) => {
    let db = connections.get(label);
    if (!db) {
      db = scope.hold(label, open(), (connection) => {
        if (connection.open) connection.close();
      });
      connections.set(label, db);
    }
    return db;
  };
  const inLog = (synchronous: AppConfig['sqliteSynchronous']) => () => openInDataDir(inDataDir(config, DATA_FILES.log), synchronous);
  return {
    get db() {
      return held(`${DATA_FILES.log}: event log`, inLog(config.sqliteSynchronous));
    },
    get idempotencyKeys() {
      return held(`${DATA_FILES.log}: idempotency keys`, inLog('normal'));
    },
    get readModels() {
      return held(`${DATA_FILES.readModels}: read models`, () => openReadModelsFile(config));
    },
  };
}
