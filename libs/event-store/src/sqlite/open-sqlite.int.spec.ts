import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqlite } from './open-sqlite';

describe('openSqlite', () => {
  it('opens in WAL at the durability asked for, and never maps the database file (a full disk must be an error, not SIGBUS)', () => {
    const db = openSqlite(join(mkdtempSync(join(tmpdir(), 'crm-open-')), 'nested/x.sqlite'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2n);
    expect(db.pragma('mmap_size', { simple: true })).toBe(0n);
    db.close();
  });
});
