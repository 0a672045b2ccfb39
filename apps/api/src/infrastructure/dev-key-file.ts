import { linkSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { ConfigError } from '../config/app-config';

export interface KeyFileFormat<Key> {
  /** What the file holds, for the error when it holds something else (`a master key (32 bytes, hex or base64)`). */
  what: string;
  parse(text: string): Key | undefined;
  generate(): Key;
  serialize(key: Key): string;
}

/**
 * A development key kept in the data folder (`inDataDir` makes the folder): read it, or generate
 * it once (mode 0600). Two processes starting together (a CLI beside the server) end up with the
 * same key.
 */
export function readOrCreateKeyFile<Key>(file: string, format: KeyFileFormat<Key>): Key {
  try {
    const key = format.parse(readFileSync(file, 'utf8'));
    if (!key) throw new ConfigError(`${file} does not hold ${format.what}`);
    return key;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const key = format.generate();
  // Written whole under another name, then linked into place: a process starting at the same
  // moment never reads a half-written file, and the link fails if another process won.
  const draft = `${file}.${process.pid}.${Date.now()}`;
  writeFileSync(draft, `${format.serialize(key)}\n`, { mode: 0o600, flag: 'wx' });
  try {
    linkSync(draft, file);
    return key;
  } catch (error) {
    // Another process created it first: use theirs.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return readOrCreateKeyFile(file, format);
    throw error;
  } finally {
    unlinkSync(draft);
  }
}
