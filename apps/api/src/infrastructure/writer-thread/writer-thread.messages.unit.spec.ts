import { DuplicateEventError, StorageUnavailableError, WrongExpectedVersionError, asStorageUnavailable } from '@crm/event-store';
import { fromWire, toWire } from './writer-thread.messages';

const sqliteError = (code: string, message: string) => Object.assign(new Error(message), { name: 'SqliteError', code });

describe('errors crossing from the writer thread', () => {
  it.each([
    ['a concurrency clash', new WrongExpectedVersionError('customer-1', 3, 5), WrongExpectedVersionError, { streamId: 'customer-1', expected: 3, actual: 5 }],
    ['a clash with no stream', new WrongExpectedVersionError('customer-2', 'exists', -1), WrongExpectedVersionError, { expected: 'exists', actual: -1 }],
    ['ids partly stored', new DuplicateEventError('customer-1', ['a', 'b']), DuplicateEventError, { eventIds: ['a', 'b'] }],
    ['a full disk', sqliteError('SQLITE_FULL', 'database or disk is full'), Error, { name: 'SqliteError', code: 'SQLITE_FULL', message: 'database or disk is full' }],
    ['a bug', new TypeError('x is not a function'), Error, { name: 'TypeError', message: 'x is not a function' }],
    ['an unavailable store, outcome unknown', new StorageUnavailableError('gone', { outcomeUnknown: true }), StorageUnavailableError, { reason: 'gone', outcomeUnknown: true }],
  ])('given %s, when it crosses, then it arrives as the same kind with its fields', (_case, thrown, kind, fields) => {
    const arrived = fromWire(structuredClone(toWire(thrown)));
    expect(arrived).toBeInstanceOf(kind);
    expect(arrived).toMatchObject({ ...fields, message: thrown.message });
    expect(arrived.stack).toBe(thrown.stack);
  });

  it.each([
    ['a full disk', sqliteError('SQLITE_FULL', 'database or disk is full'), true],
    ['a read-only file', sqliteError('SQLITE_READONLY', 'attempt to write a readonly database'), true],
    ['a lock held too long', sqliteError('SQLITE_BUSY', 'database is locked'), true],
    ['a constraint', sqliteError('SQLITE_CONSTRAINT_CHECK', 'CHECK constraint failed'), false],
    ['a concurrency clash', new WrongExpectedVersionError('s', 0, 1), false],
    ['an unavailable store', new StorageUnavailableError('closed'), true],
  ])('given %s, when it crosses, then the edge still tells an unavailable disk (503): %s', (_case, thrown, unavailable) => {
    expect(asStorageUnavailable(fromWire(toWire(thrown))) !== undefined).toBe(unavailable);
  });

  it('given something thrown that is not an Error, when it crosses, then its text is the message', () => {
    expect(fromWire(toWire('gone'))).toMatchObject({ name: 'Error', message: 'gone' });
  });
});
