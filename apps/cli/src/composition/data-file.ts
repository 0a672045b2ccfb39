import type Database from 'better-sqlite3';
import { AppConfig } from '../../../api/src/config/app-config';
import { DATA_FILES } from '../../../api/src/infrastructure/data-files';
import { SqliteDatabase, inDataDir, openInDataDir, openReadModelsFile } from '../../../api/src/infrastructure/sqlite-database';
import { ResourceScope } from './resource-scope';

/**
 * The embedded data files as the server's factories expect them, each connection opened on first
 * use only: a command on EventStoreDB and MongoDB never touches them, one that reads no read model
 * never opens the read models' file.
 */
export function lazyDataFile(scope: ResourceScope, config: AppConfig): SqliteDatabase {
  let log: Database.Database | undefined;
  let idempotencyKeys: Database.Database | undefined;
  let readModels: Database.Database | undefined;
  const hold = (label: string, db: Database.Database) =>
    scope.hold(label, db, (connection) => {
      if (connection.open) connection.close();
    });
  const openLog = (synchronous: AppConfig['sqliteSynchronous']) => openInDataDir(inDataDir(config, DATA_FILES.log), synchronous);
  return {
    get db() {
      return (log ??= hold(`${DATA_FILES.log}: event log`, openLog(config.sqliteSynchronous)));
    },
    get idempotencyKeys() {
      return (idempotencyKeys ??= hold(`${DATA_FILES.log}: idempotency keys`, openLog('normal')));
    },
    get readModels() {
      return (readModels ??= hold(`${DATA_FILES.readModels}: read models`, openReadModelsFile(config)));
    },
  };
}
