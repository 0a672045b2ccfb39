import { AggregateNotFound } from '@crm/domain';
import { toProblem } from './problem';

describe('toProblem', () => {
  it('maps the one not-found error to 404 /problems/not-found with the aggregate and id', () => {
    const expected = { type: '/problems/not-found', title: 'Not found', status: 404, detail: "customer 'ghost' does not exist", aggregate: 'customer', id: 'ghost' };
    expect(toProblem(new AggregateNotFound('customer', 'ghost'))).toEqual(expected);
  });
});
