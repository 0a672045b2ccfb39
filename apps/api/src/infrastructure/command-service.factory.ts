import { ALL_REACTORS, CommandService, CommandServiceOptions } from '@crm/application';
import { EventStore } from '@crm/event-store';
import { FactoryProvider, Logger } from '@nestjs/common';
import { PersonalDataEventStore } from '@crm/personal-data';
import { AppConfig } from '../config/app-config';

/**
 * The command service as every writer builds it (the server, the CLI's importers): reactions run
 * inline after each append; one that fails is left to its reactor's processor on the engine, which replays the event.
 */
export function createCommandService(config: AppConfig, store: EventStore, warn: (message: string) => void, options: Pick<CommandServiceOptions, 'trustCachedFolds'> = {}): CommandService {
  return new CommandService(store, {
    ...options,
    dormancyThresholdDays: config.dormancyThresholdDays,
    futureToleranceSeconds: config.futureToleranceSeconds,
    cachedStreams: config.cachedStreams,
    reactors: ALL_REACTORS,
    onReactionError: (error, event) => warn(`inline reaction to ${event.type} ${event.eventId} failed; its reactor processor will retry: ${String(error)}`),
    sealedLog: store instanceof PersonalDataEventStore ? store.sealed : undefined,
  });
}

/** The command service as a Nest provider (its warnings logged as Reactions'). */
export const commandServiceProvider = (options: Pick<CommandServiceOptions, 'trustCachedFolds'> = {}): FactoryProvider<CommandService> => ({
  provide: CommandService,
  inject: [EventStore, AppConfig],
  useFactory: (store: EventStore, config: AppConfig) => {
    const logger = new Logger('Reactions');
    return createCommandService(config, store, (message) => logger.warn(message), options);
  },
});
