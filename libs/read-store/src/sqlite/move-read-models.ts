import type Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { READ_STORE_SCHEMA, READ_STORE_TABLES } from './sqlite-read-store';

/**
 * Moves the read store's tables from another SQLite file (where an earlier version kept them
 * beside the log) into `target`'s, in one transaction: documents (as binary JSON), checkpoints
 * and leases, so the projector resumes where it was instead of rebuilding and reactors do not
 * react twice. Then drops them from the other file. Nothing is moved when `target` already holds
 * documents (a folder that went back to an earlier version and forward again keeps the newer
 * file's); running it again, or from two processes at once, is harmless.
 */
export function moveReadModelsIn(target: Database.Database, from: string): void {
  if (!existsSync(from)) return;
  target.prepare('ATTACH DATABASE ? AS legacy').run(from);
  try {
    const inLegacy = () =>
      READ_STORE_TABLES.filter((table) => target.prepare(`SELECT 1 FROM legacy.sqlite_master WHERE type = 'table' AND name = ?`).get(table) !== undefined);
    if (inLegacy().length === 0) return;
    target
      .transaction(() => {
        const tables = inLegacy(); // again, holding the lock: another process may have moved them meanwhile
        if (tables.length === 0) return;
        target.exec(READ_STORE_SCHEMA);
        if (target.prepare('SELECT 1 FROM main.read_documents LIMIT 1').get() !== undefined) return;
        for (const table of tables) {
          const columns = table === 'read_documents' ? 'collection, id, jsonb(body)' : '*';
          target.exec(`INSERT INTO main.${table} SELECT ${columns} FROM legacy.${table}`);
          target.exec(`DROP TABLE legacy.${table}`);
        }
      })
      .immediate();
  } finally {
    target.exec('DETACH DATABASE legacy');
  }
}
