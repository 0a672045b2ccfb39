import { ConfigError } from './app-config';
import { exitOnConfigError } from './exit-on-config-error';

/**
 * What an entry point (server, projector) says when it cannot start: one line on stderr and exit
 * 1, never a stack. api.md: "A start-up that cannot go on (a bad value, a port in use, a data
 * folder that cannot be made) prints one line saying what and exits non-zero."
 */
export function exitOnStartupFailure(error: unknown): never {
  if (error instanceof ConfigError) exitOnConfigError(error);
  process.stderr.write(`Cannot start: ${describeStartupFailure(error)}\n`);
  process.exit(1);
}

export function describeStartupFailure(error: unknown): string {
  const failure = error as Partial<NodeJS.ErrnoException & { port: number; address: string }>;
  if (failure?.syscall === 'listen') {
    const anyAddress = !failure.address || failure.address === '::' || failure.address === '0.0.0.0';
    const where = `port ${failure.port ?? '?'}${anyAddress ? '' : ` of ${failure.address}`}`;
    if (failure.code === 'EADDRINUSE') return `${where} is already in use (another server on it? set PORT to a free port)`;
    if (failure.code === 'EACCES') return `no permission to listen on ${where} (ports below 1024 need privileges; set PORT)`;
    if (failure.code === 'EADDRNOTAVAIL') return `${where} is not an address of this machine`;
  }
  const message = error instanceof Error ? error.message : String(error);
  // One line: a message that carries its own trace (some drivers' do) keeps only its first line.
  return message.split('\n')[0];
}
