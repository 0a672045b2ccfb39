import { ExecutionContext, createParamDecorator } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiKey } from '../auth/api-keys';
import { ProblemException, validationProblem } from '../http/problem';

/** Everything about a command request besides its validated body. */
export interface CommandMeta {
  apiKey: ApiKey;
  correlationId: string;
  idempotencyKey?: string;
  /** From If-Match: the expected version of the target stream. */
  ifMatch?: number;
  /** The body as parsed JSON, before validation: what an Idempotency-Key is compared by. */
  rawBody: unknown;
  response: FastifyReply;
}

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;
const IF_MATCH = /^(?:W\/)?"?(\d{1,15})"?$/;

const headerError = (field: string, message: string) =>
  new ProblemException(validationProblem([{ field, message }], `The ${field} header is not valid.`));

export function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const match = header.trim().match(IF_MATCH);
  if (!match) throw headerError('If-Match', 'must be a stream version: a whole number, optionally quoted');
  return Number(match[1]);
}

export function parseIdempotencyKey(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  if (!IDEMPOTENCY_KEY.test(header)) throw headerError('Idempotency-Key', 'must be 1-255 visible ASCII characters');
  return header;
}

export const Meta = createParamDecorator((_data: unknown, context: ExecutionContext): CommandMeta => {
  const http = context.switchToHttp();
  const request = http.getRequest<FastifyRequest>();
  return {
    apiKey: request.apiKey as ApiKey,
    correlationId: request.correlationId as string,
    idempotencyKey: parseIdempotencyKey(request.headers['idempotency-key'] as string | undefined),
    ifMatch: parseIfMatch(request.headers['if-match']),
    rawBody: request.body,
    response: http.getResponse<FastifyReply>(),
  };
});
