import { ConsoleLogger } from '@nestjs/common';
import { MESSAGES } from '@nestjs/core/constants';

/**
 * Nest's console logger, less what Nest prints of a start-up that fails: the entry point
 * (exit-on-startup-failure.ts) reports that in one line, and a stack above it reads like a crash.
 * Nest logs a failure to build the app as the error itself (its ExceptionHandler) and a failure to
 * listen as a string from NestApplication; and it says "successfully started" before it has
 * bound the port, so that line goes too (main.ts logs the address once it listens).
 */
export class StartupLogger extends ConsoleLogger {
  private starting = true;

  /** Once the entry point is up, every error is logged again as it comes. */
  started(): void {
    this.starting = false;
  }

  override error(message: unknown, ...rest: unknown[]): void {
    if (this.starting && (message instanceof Error || rest[rest.length - 1] === 'NestApplication')) return;
    super.error(message, ...rest);
  }

  override log(message: unknown, ...rest: unknown[]): void {
    if (message === MESSAGES.APPLICATION_READY) return;
    super.log(message, ...rest);
  }
}
