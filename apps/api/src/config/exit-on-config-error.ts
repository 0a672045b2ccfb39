import { AppConfig, ConfigError, parseConfig } from './app-config';

/** A configuration mistake (also one found while opening the stores, like a wrong master key) is one line, not a stack. */
export function exitOnConfigError(error: unknown): never {
  if (error instanceof ConfigError) {
    process.stderr.write(`Invalid configuration: ${error.message}\n`);
    process.exit(1);
  }
  throw error;
}

/** The configuration of an entry point (server, projector), or one line on stderr and exit 1. */
export function parseConfigOrExit(env: NodeJS.ProcessEnv): AppConfig {
  try {
    return parseConfig(env);
  } catch (error) {
    exitOnConfigError(error);
  }
}
