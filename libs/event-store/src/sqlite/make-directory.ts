import { mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * `mkdir -p` that always ends. Node's `mkdirSync(path, { recursive: true })` spins for ever where
 * mkdir answers ENOENT although the parent exists (under /proc: `CRM_DATA_DIR=/proc/nope` hung the
 * server at start-up), so this makes one level at a time, from the deepest folder that exists,
 * and turns any failure into one error that names the folder and the reason.
 */
export function makeDirectory(path: string): void {
  const missing: string[] = [];
  let at = resolve(path);
  for (;;) {
    const kind = kindOf(at);
    if (kind === 'folder') break;
    if (kind === 'other') throw new Error(`cannot make the folder ${path}: ${at} exists and is not a folder`);
    missing.unshift(at);
    const parent = dirname(at);
    if (parent === at) break;
    at = parent;
  }
  for (const folder of missing) {
    try {
      mkdirSync(folder);
    } catch (error) {
      // Another process made it meanwhile: fine.
      if ((error as NodeJS.ErrnoException).code === 'EEXIST' && kindOf(folder) === 'folder') continue;
      throw new Error(`cannot make the folder ${path}: ${(error as Error).message}`);
    }
  }
}

function kindOf(path: string): 'folder' | 'other' | 'none' {
  try {
    return statSync(path).isDirectory() ? 'folder' : 'other';
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // ENOTDIR: a file stands somewhere above; walking up finds and names it.
    if (code === 'ENOENT' || code === 'ENOTDIR') return 'none';
    throw new Error(`cannot make the folder ${path}: ${(error as Error).message}`);
  }
}
