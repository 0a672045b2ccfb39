/**
 * The storage could not serve the request right now — the disk is full, the file is read-only,
 * an I/O error, a lock held too long, the server unreachable — as opposed to a bug or a refusal.
 * Nothing was written; the same request can succeed once the fault is gone (HTTP 503).
 */
export class StorageUnavailableError extends Error {
  override readonly name = 'StorageUnavailableError';
  /** Whether the write may have landed all the same (a writer that died with it in flight): then "nothing was written" is not known. */
  readonly outcomeUnknown: boolean;
  constructor(
    readonly reason: string,
    options?: { cause?: unknown; outcomeUnknown?: boolean },
  ) {
    super(`storage unavailable: ${reason}`, options);
    this.outcomeUnknown = options?.outcomeUnknown ?? false;
  }
}

/** SQLite result codes (better-sqlite3 puts them in `code`) that mean the store cannot take the request now. */
const SQLITE_UNAVAILABLE = /^SQLITE_(FULL|READONLY|IOERR|BUSY|LOCKED|CANTOPEN|NOMEM)/;
/** EventStoreDB client error types of an unreachable or overloaded server. */
const ESDB_UNAVAILABLE = new Set(['unavailable', 'deadline-exceeded', 'timeout', 'not-leader']);
/** MongoDB driver errors of an unreachable server. */
const MONGO_UNAVAILABLE = new Set(['MongoNetworkError', 'MongoNetworkTimeoutError', 'MongoServerSelectionError', 'MongoNotConnectedError', 'MongoTopologyClosedError']);

/**
 * Recognises the storage engines' "not now" errors, whichever adapter threw them, so the edge can
 * answer 503 instead of 500 without knowing the engines. Undefined for any other error.
 */
export function asStorageUnavailable(error: unknown): StorageUnavailableError | undefined {
  if (error instanceof StorageUnavailableError) return error;
  // Duck-typed, not `instanceof Error`: a native driver's errors may come from another realm
  // (better-sqlite3 binds its error class once per process, e.g. in the first of several test contexts).
  if (typeof error !== 'object' || error === null || typeof (error as Error).message !== 'string') return undefined;
  const { code, type, name, message } = error as { code?: unknown; type?: unknown; name?: string; message: string };
  if (typeof code === 'string' && SQLITE_UNAVAILABLE.test(code)) return new StorageUnavailableError(`${code}: ${message}`, { cause: error });
  if (typeof type === 'string' && ESDB_UNAVAILABLE.has(type)) return new StorageUnavailableError(`EventStoreDB ${type}: ${message}`, { cause: error });
  if (typeof name === 'string' && MONGO_UNAVAILABLE.has(name)) return new StorageUnavailableError(`${name}: ${message}`, { cause: error });
  return undefined;
}
