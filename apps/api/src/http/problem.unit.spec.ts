import { AggregateNotFound } from '@crm/domain';
import { StorageUnavailableError } from '@crm/event-store';
import { toProblem } from './problem';

describe('toProblem', () => {
  it('maps the one not-found error to 404 /problems/not-found with the aggregate and id', () => {
    const expected = { type: '/problems/not-found', title: 'Not found', status: 404, detail: "customer 'ghost' does not exist", aggregate: 'customer', id: 'ghost' };
    expect(toProblem(new AggregateNotFound('customer', 'ghost'))).toEqual(expected);
  });

  it.each([
    ['a store that refused the write', new StorageUnavailableError('SQLITE_FULL: database or disk is full'), /nothing was changed/],
    ['a writer that died with the write in flight', new StorageUnavailableError('the writer thread stopped', { outcomeUnknown: true }), /whether it was recorded is not known.*same Idempotency-Key/],
  ])('given %s, then a 503 whose detail says what is known of the write', (_case, error, detail) => {
    const answer = toProblem(error);
    expect(answer).toMatchObject({ status: 503, type: '/problems/storage-unavailable', reason: error.reason });
    expect(answer.detail).toMatch(detail);
  });
});
