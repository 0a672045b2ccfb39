import { AuditCheckpoints, CheckpointSigningKey } from '@crm/application';
import { EventStore } from '@crm/event-store';
import { Logger, Provider } from '@nestjs/common';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AUDIT_SIGNING_KEY_FORMAT, AppConfig, ConfigError } from '../config/app-config';
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
  const file = join(config.dataDir, 'audit-signing.key');
  const key = readOrCreate(file);
  warn(`CRM_AUDIT_SIGNING_KEY is not set: signing audit checkpoints with the development key in ${file}. Set CRM_AUDIT_SIGNING_KEY (kept apart from the data) in production.`);
  return key;
}

function readOrCreate(file: string): CheckpointSigningKey {
  try {
    const key = CheckpointSigningKey.parse(readFileSync(file, 'utf8'));
    if (!key) throw new ConfigError(`${file} does not hold an audit signing key (${AUDIT_SIGNING_KEY_FORMAT})`);
    return key;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(join(file, '..'), { recursive: true });
  const key = CheckpointSigningKey.generate();
  try {
    writeFileSync(file, `${key.exportSeed()}\n`, { mode: 0o600, flag: 'wx' });
    return key;
  } catch (error) {
    // Another process (a CLI beside the server) created it first: use theirs.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return readOrCreate(file);
    throw error;
  }
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
