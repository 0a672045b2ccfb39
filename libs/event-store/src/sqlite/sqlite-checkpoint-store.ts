import type Database from 'better-sqlite3';
import { CheckpointStore } from '../checkpoint-store.port';
import { Position } from '../event-store.port';

export class SqliteCheckpointStore extends CheckpointStore {
  private readonly statements;

  constructor(db: Database.Database) {
    super();
    db.exec(`CREATE TABLE IF NOT EXISTS checkpoints (
      name TEXT PRIMARY KEY,
      position TEXT NOT NULL,
      updated_at TEXT NOT NULL
    )`);
    this.statements = {
      load: db.prepare<[string], { position: string }>('SELECT position FROM checkpoints WHERE name = ?'),
      save: db.prepare<[string, string, string], unknown>(
        `INSERT INTO checkpoints (name, position, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (name) DO UPDATE SET position = excluded.position, updated_at = excluded.updated_at`,
      ),
    };
  }

  async load(name: string): Promise<Position | undefined> {
    return this.statements.load.get(name)?.position;
  }

  async save(name: string, position: Position): Promise<void> {
    this.statements.save.run(name, position, new Date().toISOString());
  }
}
