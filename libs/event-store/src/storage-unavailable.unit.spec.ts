import { StorageUnavailableError, asStorageUnavailable } from './storage-unavailable';

const withFields = (name: string, fields: Record<string, unknown>) => Object.assign(Object.assign(new Error('boom'), { name }), fields);

describe('asStorageUnavailable', () => {
  it.each([
    ['SQLite disk full', withFields('SqliteError', { code: 'SQLITE_FULL' }), true],
    ['SQLite read-only file', withFields('SqliteError', { code: 'SQLITE_READONLY' }), true],
    ['SQLite I/O error (extended code)', withFields('SqliteError', { code: 'SQLITE_IOERR_WRITE' }), true],
    ['SQLite busy', withFields('SqliteError', { code: 'SQLITE_BUSY' }), true],
    ['SQLite constraint (a bug or a refusal, not an outage)', withFields('SqliteError', { code: 'SQLITE_CONSTRAINT_UNIQUE' }), false],
    ['SQLite misuse', withFields('SqliteError', { code: 'SQLITE_ERROR' }), false],
    ['EventStoreDB unavailable', withFields('UnavailableError', { type: 'unavailable' }), true],
    ['EventStoreDB deadline exceeded', withFields('DeadlineExceededError', { type: 'deadline-exceeded' }), true],
    ['EventStoreDB wrong expected version', withFields('WrongExpectedVersionError', { type: 'wrong-expected-version' }), false],
    ['MongoDB server selection', withFields('MongoServerSelectionError', {}), true],
    ['MongoDB duplicate key', withFields('MongoServerError', { code: 11000 }), false],
    ['a plain error', new Error('boom'), false],
    ['not an error', 'SQLITE_FULL', false],
    ['an error from another realm (a native driver bound to another context)', { name: 'SqliteError', code: 'SQLITE_FULL', message: 'database or disk is full' }, true],
  ])('%s → %s', (_case, error, unavailable) => {
    const result = asStorageUnavailable(error);
    expect(result !== undefined).toBe(unavailable);
    if (result) {
      expect(result).toBeInstanceOf(StorageUnavailableError);
      expect(result.cause).toBe(error);
    }
  });

  it('passes its own error through', () => {
    const error = new StorageUnavailableError('disk full');
    expect(asStorageUnavailable(error)).toBe(error);
  });
});
