import { execFileSync } from 'node:child_process';

/**
 * Every byte of the files in a live data folder, read by a child process.
 *
 * Never read a SQLite file (or its -wal, -shm) with `fs` in the process that has it open: closing
 * any descriptor of a file drops every POSIX lock the process holds on it, SQLite's included
 * (os_unix.c: "If you close a file descriptor that points to a file that has locks, all locks on
 * that file that are owned by the current process are released"). The next process to open the
 * database (a CLI, a projector) then finds no lock on the -shm's DMS byte, takes itself for the
 * first user and truncates the -shm to 3 bytes, under the server's shared mapping of it: the
 * server's next touch of the wal-index beyond the first page is SIGBUS ("Bus error", exit 135,
 * which killed a whole in-band `npm test` run), or, when that process closes first, it
 * checkpoints and deletes the -wal and -shm the server still writes to, and the server's later
 * commits are lost ("database disk image is malformed"). A child process holds no lock to lose.
 */
export function everyFileOnDisk(dataDir: string): string {
  const script = `const fs = require('node:fs'), path = require('node:path');
const dir = process.argv[1];
process.stdout.write(fs.readdirSync(dir).map((file) => fs.readFileSync(path.join(dir, file)).toString('latin1')).join('\\n'), 'latin1');`;
  return execFileSync(process.execPath, ['-e', script, dataDir], { maxBuffer: 1 << 30 }).toString('latin1');
}
