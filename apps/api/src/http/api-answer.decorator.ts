import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { PROBLEM_CONTENT_TYPE } from './problem';
import { problemRef } from './problem.schema';

const PROBLEMS: Record<number, string> = {
  400: 'invalid query parameters or body (errors[] names each field)',
  401: 'missing or unknown API key',
  403: "the key's role may not do this",
  404: 'not found',
  405: 'a method other than POST on a command (header Allow: POST)',
  409: 'version conflict (If-Match or a concurrent write); body has expected and actual',
  413: 'body over the limit',
  422: 'a business rule refused it; body names the rule',
  429: 'rate limit for this API key, or for this client address before a valid key is known; see Retry-After',
  503: 'the projections behind this answer have not reached minPosition in time, or the store cannot take the request; see Retry-After',
};

/** Error answers, each a problem document (RFC 9457) with its schema. */
export const ApiProblems = (...statuses: number[]) =>
  applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({ status, description: PROBLEMS[status] ?? 'problem', content: { [PROBLEM_CONTENT_TYPE]: { schema: problemRef() } } }),
    ),
  );

/** The success answer of an endpoint, with its schema (200 unless said). */
export const ApiAnswer = (schema: SchemaObject, description: string, status = 200) => ApiResponse({ status, description, schema });

/** The errors of every read behind a key: 401, 403 and 429, plus 400 for its query parameters. */
export const ApiReadProblems = (...more: number[]) => ApiProblems(400, 401, 403, 429, ...more);
