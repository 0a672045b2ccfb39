import { openSqlite } from '@crm/event-store';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { keyStoreContract } from '../testing/key-store.contract';
import { SqliteKeyStore } from './sqlite-key-store';

describe('SqliteKeyStore contract', () => {
  keyStoreContract(async () => new SqliteKeyStore(openSqlite(':memory:')));
});

describe('SqliteKeyStore on disk', () => {
  it('leaves no byte of a destroyed key in the file or its WAL', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'keys-')), 'keys.sqlite');
    const store = new SqliteKeyStore(openSqlite(file));
    const wrapped = Buffer.from('THE-WRAPPED-KEY-BYTES-0123456789').toString('base64');
    await store.keyForSubject({ keyId: 'k1', subject: 'customer:c1', owner: 'customer:c1', wrapped, masterKeyId: 'm', createdAt: 'now' });
    await store.keyForSubject({ keyId: 'k2', subject: 'customer:c2', owner: 'customer:c2', wrapped: 'b3RoZXI=', masterKeyId: 'm', createdAt: 'now' });
    const onDisk = () => [file, `${file}-wal`].map((path) => { try { return readFileSync(path).toString('latin1'); } catch { return ''; } }).join('');
    expect(onDisk()).toContain(wrapped);

    await store.forget('customer:c1', 'now');

    expect(onDisk()).not.toContain(wrapped);
    expect((await store.findKeys(['k2'])).found).toHaveLength(1);
    await store.close();
  });
});
