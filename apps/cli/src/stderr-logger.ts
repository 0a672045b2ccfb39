import { ConsoleLogger, LogLevel } from '@nestjs/common';

/**
 * Nest's console logger writes warnings to stdout, which is where a command's own output goes
 * (`npx crm import … > summary.json`): the command line's log lines all go to stderr, in colour
 * only on a terminal.
 */
export class StderrLogger extends ConsoleLogger {
  constructor() {
    super({ logLevels: ['error', 'warn'], colors: Boolean(process.stderr.isTTY) });
  }

  protected override printMessages(messages: unknown[], context?: string, logLevel?: LogLevel, _stream?: 'stdout' | 'stderr', errorStack?: unknown): void {
    super.printMessages(messages, context, logLevel, 'stderr', errorStack);
  }
}
