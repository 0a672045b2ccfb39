import { openSqlite } from '@crm/event-store';
import { SqliteReadStore } from '@crm/read-store';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { engineStateContract } from '../testing/engine-state.contract';

describe('engine state shared in the SQLite read store (one file, several connections as several processes have)', () => {
  const folder = mkdtempSync(join(tmpdir(), 'crm-engine-state-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));
  engineStateContract(async () => new SqliteReadStore(openSqlite(join(folder, 'read-models.db'))));
});
