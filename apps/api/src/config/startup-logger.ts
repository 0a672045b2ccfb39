import { ConsoleLogger } from '@nestjs/common';
import { ConfigError } from './app-config';

/**
 * Nest's console logger, less the stack trace Nest's start-up exception handler prints for a
 * configuration mistake found while building the app (a master key that does not open the key
 * store): main.ts reports that in one line, and a stack above it reads like a crash.
 */
export class StartupLogger extends ConsoleLogger {
  override error(message: unknown, ...rest: unknown[]): void {
    if (message instanceof ConfigError) return;
    super.error(message, ...rest);
  }
}
