import { AuditCheckpoints, CheckpointSigningKey } from '@crm/application';
import { EventStore } from '@crm/event-store';
import { Logger, Provider } from '@nestjs/common';
import { AUDIT_SIGNING_KEY_FORMAT, AppConfig, ConfigError } from '../config/app-config';
import { readOrCreateKeyFile } from '../infrastructure/dev-key-file';
import { inDataDir } from '../infrastructure/sqlite-database';
import { SealedEventStore } from '../infrastructure/personal-data.factory';

/**
 * The key that signs audit checkpoints, kept like the master key: from CRM_AUDIT_SIGNING_KEY, or
 * outside production generated once into CRM_DATA_DIR/audit-signing.key. In production a server
 * without it refuses to start: checkpoints signed by a key that changes at every start could
 * never be verified again.
 */
export function loadCheckpointSigningKey(config: AppConfig, warn: (message: string) => void = () => undefined): CheckpointSigningKey {
  if (config.auditSigningKey) return config.auditSigningKey;
  if (config.environment === 'production') throw new ConfigError(`CRM_AUDIT_SIGNING_KEY is required when NODE_ENV=production (${AUDIT_SIGNING_KEY_FORMAT})`);
  const file = inDataDir(config, 'audit-signing.key');
  const key = readOrCreateKeyFile(file, {
    what: `an audit signing key (${AUDIT_SIGNING_KEY_FORMAT})`,
    parse: (text) => CheckpointSigningKey.parse(text),
    generate: () => CheckpointSigningKey.generate(),
    serialize: (generated) => generated.exportSeed(),
  });
  warn(`CRM_AUDIT_SIGNING_KEY is not set: signing audit checkpoints with the development key in ${file}. Set CRM_AUDIT_SIGNING_KEY (kept apart from the data) in production.`);
  return key;
}

/** Checkpoints over the log as stored: the chains cover the sealed personal fields. */
export const auditCheckpointsProvider: Provider = {
  provide: AuditCheckpoints,
  inject: [AppConfig, SealedEventStore],
  useFactory: (config: AppConfig, sealed: EventStore) => {
    const logger = new Logger('AuditCheckpoints');
    return new AuditCheckpoints(sealed, loadCheckpointSigningKey(config, (message) => logger.warn(message)));
  },
};
