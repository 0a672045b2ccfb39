import { IdempotentCommandService } from '@crm/application';
import { EventStore } from '@crm/event-store';
import { KeyRing, KeyStore, PersonalDataVault } from '@crm/personal-data';
import { ALL_PROJECTIONS, ProjectionEngine } from '@crm/projections';
import { ReadStore } from '@crm/read-store';
import { AppConfig } from '../../../api/src/config/app-config';
import { createCommandService } from '../../../api/src/infrastructure/command-service.factory';
import { createEventStore } from '../../../api/src/infrastructure/event-store.factory';
import { createIdempotencyStore } from '../../../api/src/infrastructure/idempotency-store.factory';
import { createKeyStore, openKeyRing, openPersonalData } from '../../../api/src/infrastructure/personal-data.factory';
import { createReadStore } from '../../../api/src/infrastructure/read-store.factory';
import { SqliteDatabase } from '../../../api/src/infrastructure/sqlite-database';
import { replayableImportRefusal } from '../importers/import-refusals';
import { lazyDataFile } from './data-file';
import { ResourceScope, withScope } from './resource-scope';

/**
 * The command line's composition root: one function per kind of command, each opening from the
 * configuration only what that command uses (with the server's own factories), in a scope that
 * closes it. No Nest application, no HTTP, no scheduler, no projection engine (but for `rebuild`).
 */
export type Composition<W> = (scope: ResourceScope, config: AppConfig) => W | Promise<W>;

/** Opens what `compose` names, runs the command with it, and closes it all, on failure too. */
export function runWith<W, T>(config: AppConfig, compose: Composition<W>, run: (wiring: W) => Promise<T>): Promise<T> {
  return withScope(async (scope) => run(await compose(scope, config)));
}

const warn = (message: string) => process.stderr.write(`${message}\n`);

export interface SealedLog {
  /** The log as stored, personal fields sealed: for projections, hash chains and checkpoints. */
  sealed: EventStore;
}

export interface RevealedLog extends SealedLog {
  /** The log with personal fields revealed (or erased): for output people read, and for writing. */
  events: EventStore;
  vault: PersonalDataVault;
}

/** `audit verify`, `audit checkpoint`: the log as stored, no key store. */
export function sealedLog(scope: ResourceScope, config: AppConfig, file: SqliteDatabase = lazyDataFile(scope, config)): SealedLog {
  return { sealed: scope.hold('event store', createEventStore(config, file), (store) => store.close()) };
}

/** `audit export|stream`, `state`, `project`: the log and the vault that opens its personal fields. */
export async function revealedLog(scope: ResourceScope, config: AppConfig, file: SqliteDatabase = lazyDataFile(scope, config)): Promise<RevealedLog> {
  const { sealed } = sealedLog(scope, config, file);
  const personal = await openPersonalData(config, sealed, warn);
  scope.hold('key store', personal.keys, (keys) => keys.close());
  // personal.events only wraps `sealed`, which the scope already closes.
  return { sealed, events: personal.events, vault: personal.vault };
}

/** `project --collection`: the read store alone. */
export async function readModels(scope: ResourceScope, config: AppConfig, file: SqliteDatabase = lazyDataFile(scope, config)): Promise<{ reads: ReadStore }> {
  return { reads: scope.hold('read store', await createReadStore(config, file), (reads) => reads.close()) };
}

/** `rebuild`: the projection engine over the sealed log and the read store; it runs only the rebuild it is asked for. */
export async function projectionRebuild(scope: ResourceScope, config: AppConfig): Promise<SealedLog & { engine: ProjectionEngine }> {
  const file = lazyDataFile(scope, config);
  const { sealed } = sealedLog(scope, config, file);
  const { reads } = await readModels(scope, config, file);
  // The same lease as the server's (CRM_PROJECTION_LEASE_SECONDS): the rebuild lease is shared with it.
  const engine = scope.hold('projection engine', new ProjectionEngine(ALL_PROJECTIONS, sealed, reads, { leaseTtlMs: config.projectionLeaseMs }), (engine) => engine.stop());
  return { sealed, engine };
}

/**
 * `import`: commands through the same idempotent command service as HTTP (an Idempotency-Key per
 * imported command), with the inline reactions of the server's command service. No read store:
 * the server's projector brings the read models up to date when it next follows the log.
 */
export async function importCommands(scope: ResourceScope, config: AppConfig): Promise<{ commands: IdempotentCommandService }> {
  const file = lazyDataFile(scope, config);
  const { events } = await revealedLog(scope, config, file);
  const keys = scope.hold('idempotency store', await createIdempotencyStore(config, file), (keys) => keys.close());
  const staleAfterMs = config.idempotencyStaleSeconds * 1000;
  const commands = new IdempotentCommandService(createCommandService(config, events, warn), events, keys, {
    staleAfterMs,
    // A re-run right after a crash meets the claim of the command that was running: it waits until
    // that claim is stale, then recovers the command's result from the log (or runs it if it appended nothing).
    waitForFirstMs: staleAfterMs + 1000,
    replayableFailure: replayableImportRefusal,
  });
  return { commands };
}

/** `keys rotate`: the key store and the master key ring, no event log. */
export async function keyRotation(scope: ResourceScope, config: AppConfig): Promise<{ keys: KeyStore; ring: KeyRing }> {
  const keys = scope.hold('key store', await createKeyStore(config), (store) => store.close());
  return { keys, ring: await openKeyRing(config, keys, warn) };
}
