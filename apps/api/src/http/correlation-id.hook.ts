import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { randomUUID } from 'node:crypto';
import { validationProblem } from './problem';
import { refuseUnread } from './reply';

export const CORRELATION_HEADER = 'X-Correlation-Id';
const HEADER = CORRELATION_HEADER.toLowerCase();
/** What a caller-given correlation id may be: it is echoed into headers and logs. */
export const SAFE_CORRELATION_ID = /^[A-Za-z0-9._:\-/+=]{1,128}$/;

/** Keeps the caller's correlation id (or makes one) and echoes it on every response, errors included. */
export function correlationId(request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void {
  const given = request.headers[HEADER] as string | undefined;
  if (given !== undefined && !SAFE_CORRELATION_ID.test(given)) {
    refuseUnread(request, reply, validationProblem([{ field: CORRELATION_HEADER, message: 'must be 1-128 characters of A-Z a-z 0-9 . _ : - / + =' }], 'Invalid header.'));
    return;
  }
  request.correlationId = given ?? randomUUID();
  reply.header(CORRELATION_HEADER, request.correlationId);
  done();
}
