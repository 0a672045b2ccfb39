import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeDirectory } from './make-directory';

describe('makeDirectory', () => {
  const root = mkdtempSync(join(tmpdir(), 'crm-mkdir-'));

  it('makes every missing level, and accepts a folder that exists', () => {
    makeDirectory(join(root, 'a/b/c'));
    makeDirectory(join(root, 'a/b/c'));
    expect(statSync(join(root, 'a/b/c')).isDirectory()).toBe(true);
  });

  it('names a file in the way', () => {
    writeFileSync(join(root, 'file'), '');
    expect(() => makeDirectory(join(root, 'file/data'))).toThrow(`cannot make the folder ${join(root, 'file/data')}: ${join(root, 'file')} exists and is not a folder`);
  });

  it('fails at once where mkdir cannot make it (recursive mkdirSync spins for ever under /proc)', () => {
    const started = Date.now();
    expect(() => makeDirectory('/proc/nope/data')).toThrow(/^cannot make the folder \/proc\/nope\/data: ENOENT/);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
