import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { AppConfig, parseConfig } from './app-config';

/** Exposes the validated configuration (from @nestjs/config) under its typed token. */
@Module({
  providers: [{ provide: AppConfig, inject: [ConfigService], useFactory: (config: ConfigService) => config.getOrThrow<AppConfig>('crm') }],
  exports: [AppConfig],
})
class ConfigHolderModule {}

/**
 * The configuration every process (server, projector) starts from: validated from the given
 * environment only (process.env in production, a fixture in tests), available everywhere as AppConfig.
 */
export function configModules(env: NodeJS.ProcessEnv): (DynamicModule | Promise<DynamicModule>)[] {
  return [
    ConfigModule.forRoot({
      isGlobal: true,
      ignoreEnvFile: true,
      ignoreEnvVars: true,
      load: [() => ({ crm: parseConfig(env) })],
    }),
    { module: ConfigHolderModule, global: true },
  ];
}
