import { IdempotencyKeyInProgressError, IdempotencyKeyReusedError, ReplayedRefusal, StreamAlreadyExistsError } from '@crm/application';
import { AggregateNotFound, RuleViolation } from '@crm/domain';
import { DuplicateEventError, WrongExpectedVersionError, asStorageUnavailable } from '@crm/event-store';
import { HttpException, HttpStatus } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import { InvalidCursorError } from '@crm/read-store';

/** RFC 9457 problem details, as every error response of this API. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  [extension: string]: unknown;
}

export interface FieldError {
  field: string;
  message: string;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** An error that already knows its problem document. */
export class ProblemException extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail);
  }
}

export const problem = (status: number, type: string, title: string, detail: string, extensions: Record<string, unknown> = {}): Problem => ({
  type: `/problems/${type}`,
  title,
  status,
  detail,
  ...extensions,
});

export const validationProblem = (errors: FieldError[], detail = 'The request body is not valid.'): Problem =>
  problem(HttpStatus.BAD_REQUEST, 'validation', 'Invalid request', detail, { errors });

const versionForHumans = (version: number) => (version === -1 ? null : version);

/**
 * Maps anything thrown while handling a request to its problem document. Domain and store
 * errors are typed values; only this edge turns them into HTTP statuses.
 */
export function toProblem(error: unknown): Problem {
  if (error instanceof ProblemException) return error.problem;
  // Stored as the problem document the first request was answered with.
  if (error instanceof ReplayedRefusal) return error.body as Problem;
  if (error instanceof IdempotencyKeyReusedError) {
    return problem(422, 'idempotency-key-reused', 'Idempotency key reused', error.message, { rule: 'idempotency-key-reused' });
  }
  if (error instanceof IdempotencyKeyInProgressError) return problem(409, 'idempotency-key-in-progress', 'Request in progress', error.message);
  if (error instanceof RuleViolation) {
    return problem(422, 'rule-violation', 'Business rule refused the command', error.message, { rule: error.rule });
  }
  if (error instanceof AggregateNotFound) {
    return problem(404, 'not-found', 'Not found', error.message, { aggregate: error.aggregate, id: error.id });
  }
  if (error instanceof StreamAlreadyExistsError) {
    return problem(409, 'already-exists', 'Already exists', error.message, {
      aggregate: error.aggregate,
      id: error.id,
      streamId: error.streamId,
      expected: 'no-stream',
      actual: error.actual,
    });
  }
  if (error instanceof WrongExpectedVersionError) {
    return problem(409, 'version-conflict', 'Version conflict', error.message, {
      streamId: error.streamId,
      expected: error.expected,
      actual: versionForHumans(error.actual),
    });
  }
  if (error instanceof DuplicateEventError) {
    return problem(409, 'duplicate-event', 'Duplicate event', error.message, { streamId: error.streamId });
  }
  if (error instanceof InvalidCursorError) return validationProblem([{ field: 'cursor', message: error.message }], 'The cursor is not valid.');
  if (error instanceof ThrottlerException) {
    return problem(429, 'rate-limited', 'Too many requests', 'The rate limit for this API key was exceeded; retry later.');
  }
  const unavailable = asStorageUnavailable(error);
  if (unavailable) {
    const detail = unavailable.outcomeUnknown
      ? 'The data store stopped while taking this request: whether it was recorded is not known. Retry it with the same Idempotency-Key, which answers it from the log if it was.'
      : 'The data store cannot take this request right now; nothing was changed. Retry later.';
    return problem(503, 'storage-unavailable', 'Storage unavailable', detail, {
      reason: unavailable.reason,
    });
  }
  const client = clientFault(error);
  if (client) return httpProblem(client.status, client.message);
  if (error instanceof HttpException) {
    const response = error.getResponse();
    const message = typeof response === 'string' ? response : ((response as { message?: unknown }).message ?? error.message);
    return httpProblem(error.getStatus(), String(message));
  }
  return problem(500, 'internal', 'Internal server error', 'The server failed to handle the request; it has been logged.');
}

export const UNSUPPORTED_MEDIA_TYPE = problem(415, 'unsupported-media-type', 'Unsupported media type', 'Send the body as application/json.');

/**
 * A problem named by its HTTP status alone (`/problems/http-404`, "not found"), for what Nest or
 * Fastify refused (Nest hands Fastify's own errors on as HttpExceptions of their status): a 415 is
 * always the body's type, whoever noticed. Their messages may quote the whole URL: a client's
 * bytes are not echoed without bound.
 */
export function httpProblem(status: number, message: string): Problem {
  if (status === 415) return UNSUPPORTED_MEDIA_TYPE;
  const detail = message.length > 300 ? `${message.slice(0, 300)}…` : message;
  return problem(status, `http-${status}`, HttpStatus[status]?.toString().replace(/_/g, ' ').toLowerCase() ?? 'error', detail);
}

/**
 * A request refused by Fastify's router before Nest sees it (bad percent-encoding, an over-long
 * parameter: `frameworkErrors`), or by a library under a route of the Fastify instance (a console
 * file path that climbs out of its folder, a Range it cannot serve): the client's fault, not a
 * 500. Fastify's errors carry a FST_ code; those of `http-errors` say they may be shown (`expose`).
 */
function clientFault(error: unknown): { status: number; message: string } | undefined {
  if (!(error instanceof Error)) return undefined;
  const { code, statusCode, status, expose } = error as Error & { code?: unknown; statusCode?: unknown; status?: unknown; expose?: unknown };
  const given = typeof statusCode === 'number' ? statusCode : status;
  // (@fastify/static's own refusals carry both status fields and neither mark.)
  const fromFramework = (typeof code === 'string' && code.startsWith('FST_')) || expose === true || (status !== undefined && status === statusCode);
  if (!fromFramework || typeof given !== 'number' || given < 400 || given > 499) return undefined;
  return { status: given, message: error.message };
}
