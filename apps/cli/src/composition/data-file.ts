import type Database from 'better-sqlite3';
import { AppConfig } from '../../../api/src/config/app-config';
import { SqliteDatabase, inDataDir, openInDataDir } from '../../../api/src/infrastructure/sqlite-database';
import { ResourceScope } from './resource-scope';

/**
 * The embedded data file as the server's factories expect it, each connection opened on first
 * use only: a command on EventStoreDB and MongoDB never touches it, one that reads no read model
 * never opens the read models' connection.
 */
export function lazyDataFile(scope: ResourceScope, config: AppConfig): SqliteDatabase {
  let log: Database.Database | undefined;
  let readModels: Database.Database | undefined;
  const open = (role: string, synchronous: AppConfig['sqliteSynchronous']) =>
    scope.hold(`crm.sqlite: ${role}`, openInDataDir(inDataDir(config, 'crm.sqlite'), synchronous), (db) => {
      if (db.open) db.close();
    });
  return {
    get db() {
      return (log ??= open('event log', config.sqliteSynchronous));
    },
    get readModels() {
      return (readModels ??= open('read models', 'normal'));
    },
  };
}
