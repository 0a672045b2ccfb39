import { AggregateNotFound } from '@crm/domain';
import { StorageUnavailableError } from '@crm/event-store';
import { HttpException } from '@nestjs/common';
import { toProblem } from './problem';

const withFields = (message: string, fields: Record<string, unknown>) => Object.assign(new Error(message), fields);

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

  it.each([
    ["Fastify's router refusing a URL", withFields("'/x/%E0' is not a valid url component", { code: 'FST_ERR_BAD_URL', statusCode: 400 }), 400, '/problems/http-400'],
    ['an http-errors refusal it may show (a Range not served)', withFields('Range Not Satisfiable', { status: 416, statusCode: 416, expose: true }), 416, '/problems/http-416'],
    ["the file server's own refusal (both status fields)", withFields('Forbidden', { status: 403, statusCode: 403 }), 403, '/problems/http-403'],
    ['a 415 Nest handed on from Fastify', new HttpException('Unsupported Media Type', 415), 415, '/problems/unsupported-media-type'],
    ['an error of ours that merely carries a statusCode', withFields('boom', { statusCode: 400 }), 500, '/problems/internal'],
    ['a FST_ error that is the server\'s fault', withFields('plugin failed', { code: 'FST_ERR_PLUGIN_TIMEOUT', statusCode: 500 }), 500, '/problems/internal'],
  ])('given %s, then its status and problem type', (_case, error, status, type) => {
    expect(toProblem(error)).toMatchObject({ status, type });
  });

  it('bounds a refusal\'s detail that quotes the URL', () => {
    const detail = toProblem(withFields(`'/customers/${'a'.repeat(5000)}' is exceeding the max param length`, { code: 'FST_ERR_MAX_PARAM_LENGTH', statusCode: 414 })).detail;
    expect(detail.length).toBeLessThanOrEqual(301);
  });
});
