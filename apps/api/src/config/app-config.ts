import bytes from 'bytes';
import { z } from 'zod';
import { CheckpointSigningKey, DEFAULT_CACHED_STREAMS } from '@crm/application';
import { DEFAULT_FUTURE_TOLERANCE_SECONDS } from '@crm/domain';
import { MasterKey } from '@crm/personal-data';
import { ApiKey, parseApiKeys } from '../auth/api-keys';

export const ROLES = ['service', 'analyst', 'auditor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Documented in the README; used only in development when CRM_API_KEYS is not set. */
export const DEV_API_KEYS = 'dev-service-key:service,dev-analyst-key:analyst,dev-auditor-key:auditor,dev-admin-key:admin';

const wholeNumber = (name: string, min: number, max: number, fallback: number) =>
  z
    .string()
    .optional()
    .transform((raw, ctx) => {
      if (raw === undefined || raw === '') return fallback;
      const value = Number(raw);
      if (!/^\d+$/.test(raw) || value < min || value > max) {
        ctx.addIssue({ code: 'custom', message: `${name} must be a whole number from ${min} to ${max} (got "${raw}")` });
        return z.NEVER;
      }
      return value;
    });

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test'], {
    errorMap: (_issue, ctx) => ({ message: `NODE_ENV must be development, production or test (got "${String(ctx.data)}")` }),
  }).default('development'),
  PORT: wholeNumber('PORT', 0, 65535, 3000),
  CRM_DATA_DIR: z.string().min(1).default('./data'),
  CRM_CONSOLE_DIR: z.string().min(1).optional(),
  CRM_API_KEYS: z.string().optional(),
  CRM_DORMANCY_DAYS: wholeNumber('CRM_DORMANCY_DAYS', 1, 3650, 90),
  CRM_DORMANCY_SWEEP_MINUTES: wholeNumber('CRM_DORMANCY_SWEEP_MINUTES', 0, 10080, 60),
  CRM_BODY_LIMIT: z
    .string()
    .optional()
    .transform((raw, ctx) => {
      if (raw === undefined || raw === '') return 1024 * 1024; // api.md: the default body limit is 1 MiB
      const parsed = bytes.parse(raw);
      if (parsed === null || !Number.isFinite(parsed) || parsed < 1024 || parsed > 64 * 1024 * 1024) {
        ctx.addIssue({ code: 'custom', message: `CRM_BODY_LIMIT must be a size from 1kb to 64mb, e.g. "1mb" (got "${raw}")` });
        return z.NEVER;
      }
      return parsed;
    }),
  CRM_FUTURE_TOLERANCE_SECONDS: wholeNumber('CRM_FUTURE_TOLERANCE_SECONDS', 0, 86_400, DEFAULT_FUTURE_TOLERANCE_SECONDS),
  CRM_CACHED_STREAMS: wholeNumber('CRM_CACHED_STREAMS', 0, 1_000_000, DEFAULT_CACHED_STREAMS),
  CRM_RATE_LIMIT_PER_SECOND: wholeNumber('CRM_RATE_LIMIT_PER_SECOND', 0, 1_000_000, 2000),
  HOST: z
    .string()
    .regex(/^[A-Za-z0-9.:%_-]{1,253}$/, 'HOST must be an address or host name to listen on, e.g. 127.0.0.1, 0.0.0.0 or ::')
    .optional(),
  CRM_ADDRESS_RATE_LIMIT_PER_SECOND: wholeNumber('CRM_ADDRESS_RATE_LIMIT_PER_SECOND', 0, 1_000_000, 100),
  CRM_HEADERS_TIMEOUT_SECONDS: wholeNumber('CRM_HEADERS_TIMEOUT_SECONDS', 1, 3600, 10),
  CRM_REQUEST_TIMEOUT_SECONDS: wholeNumber('CRM_REQUEST_TIMEOUT_SECONDS', 1, 3600, 30),
  CRM_MAX_CONNECTIONS: wholeNumber('CRM_MAX_CONNECTIONS', 1, 1_000_000, 1000),
  CRM_IDEMPOTENCY_STALE_SECONDS: wholeNumber('CRM_IDEMPOTENCY_STALE_SECONDS', 1, 86_400, 60),
  CRM_IDEMPOTENCY_RETENTION_HOURS: wholeNumber('CRM_IDEMPOTENCY_RETENTION_HOURS', 0, 87_600, 24),
  CRM_SQLITE_SYNC: z.enum(['full', 'normal'], {
    errorMap: (_issue, ctx) => ({ message: `CRM_SQLITE_SYNC must be full or normal (got "${String(ctx.data)}")` }),
  }).default('full'),
  CRM_PROJECTOR: z.enum(['thread', 'in-process', 'separate'], {
    errorMap: (_issue, ctx) => ({ message: `CRM_PROJECTOR must be thread, in-process or separate (got "${String(ctx.data)}")` }),
  }).default('thread'),
  CRM_SQLITE_WRITER: z.enum(['thread', 'inline'], {
    errorMap: (_issue, ctx) => ({ message: `CRM_SQLITE_WRITER must be thread or inline (got "${String(ctx.data)}")` }),
  }).default('thread'),
  CRM_PROJECTION_LEASE_SECONDS: wholeNumber('CRM_PROJECTION_LEASE_SECONDS', 1, 3600, 15),
  EVENTSTORE_CONNECTION_STRING: z
    .string()
    .regex(/^(esdb|esdb\+discover|kurrentdb|kurrentdb\+discover):\/\/.+/, 'EVENTSTORE_CONNECTION_STRING must start with esdb:// or esdb+discover://')
    .optional(),
  CRM_MASTER_KEY: z.string().optional(),
  CRM_PREVIOUS_MASTER_KEYS: z.string().optional(),
  CRM_AUDIT_SIGNING_KEY: z.string().optional(),
  MONGODB_URI: z.string().regex(/^mongodb(\+srv)?:\/\/.+/, 'MONGODB_URI must start with mongodb:// or mongodb+srv://').optional(),
  MONGODB_DB: z.string().regex(/^[A-Za-z0-9_-]{1,63}$/, 'MONGODB_DB must be 1-63 letters, digits, "_" or "-"').default('crm'),
});

/** The validated configuration; an abstract class so it doubles as the DI token. */
export abstract class AppConfig {
  readonly environment: 'development' | 'production' | 'test';
  readonly port: number;
  readonly dataDir: string;
  /** The console's built files (CRM_CONSOLE_DIR); by default the `console` folder of the build that runs. */
  readonly consoleDir?: string;
  readonly apiKeys: ApiKey[];
  /** True when the documented development keys are in use. */
  readonly usingDevKeys: boolean;
  readonly dormancyThresholdDays: number;
  readonly dormancySweepMinutes: number;
  /** How far ahead of the server's clock a business time may be; later ones are refused (422). */
  readonly futureToleranceSeconds: number;
  /** Streams whose folded state a writer keeps in memory; a miss re-reads the whole stream. */
  readonly cachedStreams: number;
  readonly bodyLimitBytes: number;
  readonly rateLimitPerSecond: number;
  /**
   * Where to listen: undefined for every interface. With the published development keys the
   * default is loopback, so a laptop on a shared network does not serve them to its neighbours.
   */
  readonly host?: string;
  /** Requests per second per client address for what comes before a key is known (no valid key, open endpoints); 0 is off. */
  readonly addressRateLimitPerSecond: number;
  /** A client that has not sent its headers, or its whole request, within these is cut off. */
  readonly headersTimeoutSeconds: number;
  readonly requestTimeoutSeconds: number;
  /** Connections above this are closed as they arrive. */
  readonly maxConnections: number;
  /** After this long, the Idempotency-Key claim of a request that never finished (a crash) may be taken over. */
  readonly idempotencyStaleSeconds: number;
  /** Idempotency records older than this are purged (0 keeps them forever). */
  readonly idempotencyRetentionHours: number;
  readonly sqliteSynchronous: 'full' | 'normal';
  /**
   * Where the projections run: on a worker thread of the server's process (the default: the
   * second core folds and writes read models while the first takes requests), on the server's
   * own event loop (`in-process`), or in the projector process (`npm run start:projector`). In
   * the first and last the server only reads their checkpoints.
   */
  readonly projector: 'thread' | 'in-process' | 'separate';
  /**
   * Where the server commits its writes to the data file (the log's appends, the Idempotency-Key
   * records): on a writer thread (the default: the event loop that answers requests never waits
   * for a commit or a fsync), or on the event loop itself (`inline`).
   */
  readonly sqliteWriter: 'thread' | 'inline';
  /**
   * How long a projection's lease lasts unrenewed: a dead runner's projections are taken over after
   * it, and /health reports 503 when no process has run one for longer.
   */
  readonly projectionLeaseMs: number;
  readonly eventStore: { driver: 'sqlite' } | { driver: 'esdb'; connectionString: string };
  readonly mongo?: { uri: string; database: string };
  /**
   * Wraps the data keys that seal personal fields. Absent only outside production, where a
   * generated one is kept in CRM_DATA_DIR/master.key.
   */
  readonly masterKey?: MasterKey;
  /** Master keys being rotated away from: keys they wrap still open until `keys rotate` rewraps them. */
  readonly previousMasterKeys: MasterKey[];
  /**
   * Signs audit checkpoints (Ed25519). Absent outside production, where the server generates one
   * into CRM_DATA_DIR/audit-signing.key; the server refuses to start without it in production.
   */
  readonly auditSigningKey?: CheckpointSigningKey;
}

/** One line, for the configuration and for the server's start-up refusal in production. */
export const AUDIT_SIGNING_KEY_FORMAT = 'an Ed25519 private key: its 32-byte seed as 64 hex digits or base64, e.g. from `openssl rand -base64 32`';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

const blankToUndefined = (env: NodeJS.ProcessEnv) =>
  Object.fromEntries(Object.entries(env).map(([key, value]) => [key, value === '' ? undefined : value]));

/** Validates the environment; throws a ConfigError whose message is one line naming the bad variable. */
export function parseConfig(env: NodeJS.ProcessEnv): AppConfig {
  const parsed = envSchema.safeParse(blankToUndefined(env));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = issue.path.join('.');
    throw new ConfigError(issue.message.includes(name) ? issue.message : `${name}: ${issue.message}`);
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  if (production && !e.CRM_API_KEYS) {
    throw new ConfigError('CRM_API_KEYS is required when NODE_ENV=production (format: key:role[:principal],…)');
  }
  if (production && !e.CRM_MASTER_KEY) {
    throw new ConfigError('CRM_MASTER_KEY is required when NODE_ENV=production (32 bytes as 64 hex digits or base64, e.g. from `openssl rand -base64 32`)');
  }
  const masterKey = e.CRM_MASTER_KEY === undefined ? undefined : parseMasterKey('CRM_MASTER_KEY', e.CRM_MASTER_KEY);
  const previousMasterKeys = (e.CRM_PREVIOUS_MASTER_KEYS ?? '')
    .split(',')
    .filter((text) => text.trim() !== '')
    .map((text, i) => parseMasterKey(`CRM_PREVIOUS_MASTER_KEYS[${i}]`, text));
  const auditSigningKey = e.CRM_AUDIT_SIGNING_KEY === undefined ? undefined : CheckpointSigningKey.parse(e.CRM_AUDIT_SIGNING_KEY);
  if (e.CRM_AUDIT_SIGNING_KEY !== undefined && !auditSigningKey) throw new ConfigError(`CRM_AUDIT_SIGNING_KEY must be ${AUDIT_SIGNING_KEY_FORMAT}`);
  if (e.CRM_HEADERS_TIMEOUT_SECONDS > e.CRM_REQUEST_TIMEOUT_SECONDS) {
    throw new ConfigError(
      `CRM_HEADERS_TIMEOUT_SECONDS (${e.CRM_HEADERS_TIMEOUT_SECONDS}) must not exceed CRM_REQUEST_TIMEOUT_SECONDS (${e.CRM_REQUEST_TIMEOUT_SECONDS}): the whole request includes its headers`,
    );
  }
  let apiKeys: ApiKey[];
  try {
    apiKeys = parseApiKeys(e.CRM_API_KEYS ?? DEV_API_KEYS);
  } catch (error) {
    throw new ConfigError(`CRM_API_KEYS: ${(error as Error).message}`);
  }
  return {
    environment: e.NODE_ENV,
    port: e.PORT,
    dataDir: e.CRM_DATA_DIR,
    consoleDir: e.CRM_CONSOLE_DIR,
    apiKeys,
    usingDevKeys: !e.CRM_API_KEYS,
    dormancyThresholdDays: e.CRM_DORMANCY_DAYS,
    dormancySweepMinutes: e.CRM_DORMANCY_SWEEP_MINUTES,
    futureToleranceSeconds: e.CRM_FUTURE_TOLERANCE_SECONDS,
    cachedStreams: e.CRM_CACHED_STREAMS,
    bodyLimitBytes: e.CRM_BODY_LIMIT,
    rateLimitPerSecond: e.CRM_RATE_LIMIT_PER_SECOND,
    host: e.HOST ?? (e.CRM_API_KEYS ? undefined : '127.0.0.1'),
    addressRateLimitPerSecond: e.CRM_ADDRESS_RATE_LIMIT_PER_SECOND,
    headersTimeoutSeconds: e.CRM_HEADERS_TIMEOUT_SECONDS,
    requestTimeoutSeconds: e.CRM_REQUEST_TIMEOUT_SECONDS,
    maxConnections: e.CRM_MAX_CONNECTIONS,
    idempotencyStaleSeconds: e.CRM_IDEMPOTENCY_STALE_SECONDS,
    idempotencyRetentionHours: e.CRM_IDEMPOTENCY_RETENTION_HOURS,
    sqliteSynchronous: e.CRM_SQLITE_SYNC,
    projector: e.CRM_PROJECTOR,
    sqliteWriter: e.CRM_SQLITE_WRITER,
    projectionLeaseMs: e.CRM_PROJECTION_LEASE_SECONDS * 1000,
    eventStore: e.EVENTSTORE_CONNECTION_STRING
      ? { driver: 'esdb', connectionString: e.EVENTSTORE_CONNECTION_STRING }
      : { driver: 'sqlite' },
    mongo: e.MONGODB_URI ? { uri: e.MONGODB_URI, database: e.MONGODB_DB } : undefined,
    masterKey,
    previousMasterKeys,
    auditSigningKey,
  };
}

function parseMasterKey(name: string, text: string): MasterKey {
  const key = MasterKey.parse(text);
  if (!key) throw new ConfigError(`${name} must be 32 bytes as 64 hex digits or base64 (e.g. from \`openssl rand -base64 32\`)`);
  return key;
}
