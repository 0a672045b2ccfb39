import { parseApiKeys } from '../auth/api-keys';
import { ConfigError, parseConfig } from './app-config';

describe('configuration from the environment', () => {
  it('defaults to the embedded SQLite store with the documented development keys', () => {
    const config = parseConfig({});
    expect(config).toEqual(
      expect.objectContaining({
        environment: 'development',
        port: 3000,
        dataDir: './data',
        usingDevKeys: true,
        dormancyThresholdDays: 90,
        dormancySweepMinutes: 60,
        bodyLimitBytes: 1024 * 1024,
        sqliteSynchronous: 'full',
        projector: 'thread',
        eventStore: { driver: 'sqlite' },
      }),
    );
    expect(config.apiKeys.map((k) => k.role)).toEqual(['service', 'analyst', 'auditor', 'admin']);
  });

  it('selects EventStoreDB and MongoDB by their connection strings', () => {
    const config = parseConfig({ EVENTSTORE_CONNECTION_STRING: 'esdb://es:2113?tls=false', MONGODB_URI: 'mongodb://m:27017', CRM_BODY_LIMIT: '1mb' });
    expect(config.eventStore).toEqual({ driver: 'esdb', connectionString: 'esdb://es:2113?tls=false' });
    expect(config.mongo).toEqual({ uri: 'mongodb://m:27017', database: 'crm' });
    expect(config.bodyLimitBytes).toBe(1024 * 1024);
  });

  test.each([
    [{ PORT: '70000' }, 'PORT must be a whole number from 0 to 65535 (got "70000")'],
    [{ CRM_DORMANCY_DAYS: '0' }, 'CRM_DORMANCY_DAYS must be a whole number from 1 to 3650 (got "0")'],
    [{ CRM_DORMANCY_DAYS: '9.5' }, 'CRM_DORMANCY_DAYS must be a whole number from 1 to 3650 (got "9.5")'],
    [{ CRM_BODY_LIMIT: 'huge' }, 'CRM_BODY_LIMIT must be a size from 1kb to 64mb, e.g. "1mb" (got "huge")'],
    [{ CRM_SQLITE_SYNC: 'off' }, 'CRM_SQLITE_SYNC must be full or normal (got "off")'],
    [{ CRM_PROJECTOR: 'elsewhere' }, 'CRM_PROJECTOR must be thread, in-process or separate (got "elsewhere")'],
    [{ NODE_ENV: 'staging' }, 'NODE_ENV must be development, production or test (got "staging")'],
    [{ EVENTSTORE_CONNECTION_STRING: 'http://x' }, 'EVENTSTORE_CONNECTION_STRING must start with esdb:// or esdb+discover://'],
    [{ MONGODB_URI: 'postgres://x' }, 'MONGODB_URI must start with mongodb:// or mongodb+srv://'],
    [{ NODE_ENV: 'production' }, 'CRM_API_KEYS is required when NODE_ENV=production (format: key:role[:principal],…)'],
    [{ CRM_API_KEYS: 'abcdefgh:root' }, 'CRM_API_KEYS: "root" is not a role (service, analyst, auditor, admin)'],
    [{ CRM_API_KEYS: 'short:admin' }, 'CRM_API_KEYS: a key must be at least 8 characters ("sho…" is too short)'],
    [{ CRM_API_KEYS: 'abcdefgh:admin,abcdefgh:service' }, 'CRM_API_KEYS: the same key is listed twice'],
    [
      { NODE_ENV: 'production', CRM_API_KEYS: 'abcdefgh:admin' },
      'CRM_MASTER_KEY is required when NODE_ENV=production (32 bytes as 64 hex digits or base64, e.g. from `openssl rand -base64 32`)',
    ],
    [{ CRM_MASTER_KEY: 'too-short' }, 'CRM_MASTER_KEY must be 32 bytes as 64 hex digits or base64 (e.g. from `openssl rand -base64 32`)'],
    [{ CRM_AUDIT_SIGNING_KEY: 'not-a-key' }, 'CRM_AUDIT_SIGNING_KEY must be an Ed25519 private key: its 32-byte seed as 64 hex digits or base64, e.g. from `openssl rand -base64 32`'],
    [{ CRM_PREVIOUS_MASTER_KEYS: `${'a'.repeat(64)},nope` }, 'CRM_PREVIOUS_MASTER_KEYS[1] must be 32 bytes as 64 hex digits or base64 (e.g. from `openssl rand -base64 32`)'],
  ])('refuses %o with one clear line', (env, message) => {
    expect(() => parseConfig(env)).toThrow(new ConfigError(message));
  });

  it('reads master keys as hex or base64 and tells them apart by fingerprint', () => {
    const hex = 'ab'.repeat(32);
    const config = parseConfig({ CRM_MASTER_KEY: hex, CRM_PREVIOUS_MASTER_KEYS: Buffer.alloc(32, 7).toString('base64') });
    expect(config.masterKey?.key).toEqual(Buffer.from(hex, 'hex'));
    expect(config.previousMasterKeys).toHaveLength(1);
    expect(config.previousMasterKeys[0].id).not.toBe(config.masterKey?.id);
  });

  it('reads the audit signing key as a 32-byte seed, hex or base64', () => {
    const hex = 'cd'.repeat(32);
    expect(parseConfig({ CRM_AUDIT_SIGNING_KEY: hex }).auditSigningKey?.keyId).toBe(parseConfig({ CRM_AUDIT_SIGNING_KEY: Buffer.from(hex, 'hex').toString('base64') }).auditSigningKey?.keyId);
    expect(parseConfig({}).auditSigningKey).toBeUndefined();
  });

  it('names key principals by role unless given', () => {
    expect(parseApiKeys('aaaaaaaa:service,bbbbbbbb:service:billing,cccccccc:admin')).toEqual([
      { key: 'aaaaaaaa', role: 'service', principal: 'service-1' },
      { key: 'bbbbbbbb', role: 'service', principal: 'billing' },
      { key: 'cccccccc', role: 'admin', principal: 'admin-1' },
    ]);
  });
});

describe('configuration of what clients may hold', () => {
  it('listens on loopback with the development keys, everywhere with configured keys, and where HOST says in either case', () => {
    expect(parseConfig({}).host).toBe('127.0.0.1');
    expect(parseConfig({ CRM_API_KEYS: 'aaaaaaaa:service' }).host).toBeUndefined();
    expect(parseConfig({ HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
    expect(parseConfig({ HOST: '::1', CRM_API_KEYS: 'aaaaaaaa:service' }).host).toBe('::1');
  });

  it('has defaults in seconds, not minutes', () => {
    expect(parseConfig({})).toEqual(
      expect.objectContaining({ addressRateLimitPerSecond: 100, headersTimeoutSeconds: 10, requestTimeoutSeconds: 30, maxConnections: 1000, cachedStreams: 50_000 }),
    );
  });

  test.each([
    [{ HOST: 'a b' }, 'HOST must be an address or host name to listen on, e.g. 127.0.0.1, 0.0.0.0 or ::'],
    [{ CRM_MAX_CONNECTIONS: '0' }, 'CRM_MAX_CONNECTIONS must be a whole number from 1 to 1000000 (got "0")'],
    [{ CRM_CACHED_STREAMS: '-1' }, 'CRM_CACHED_STREAMS must be a whole number from 0 to 1000000 (got "-1")'],
    [{ CRM_CACHED_STREAMS: '1000001' }, 'CRM_CACHED_STREAMS must be a whole number from 0 to 1000000 (got "1000001")'],
    [{ CRM_HEADERS_TIMEOUT_SECONDS: '60' }, 'CRM_HEADERS_TIMEOUT_SECONDS (60) must not exceed CRM_REQUEST_TIMEOUT_SECONDS (30): the whole request includes its headers'],
  ])('refuses %o with one clear line', (env, message) => {
    expect(() => parseConfig(env)).toThrow(new ConfigError(message));
  });
});
