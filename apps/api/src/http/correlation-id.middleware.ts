import { NextFunction, Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { PROBLEM_CONTENT_TYPE, validationProblem } from './problem';

export const CORRELATION_HEADER = 'X-Correlation-Id';
/** What a caller-given correlation id may be: it is echoed into headers and logs. */
export const SAFE_CORRELATION_ID = /^[A-Za-z0-9._:\-/+=]{1,128}$/;

declare module 'express-serve-static-core' {
  interface Request {
    correlationId?: string;
  }
}

/** Keeps the caller's correlation id (or makes one) and echoes it on every response, errors included. */
export function correlationId(req: Request, res: Response, next: NextFunction): void {
  const given = req.header(CORRELATION_HEADER);
  if (given !== undefined && !SAFE_CORRELATION_ID.test(given)) {
    res
      .status(400)
      .type(PROBLEM_CONTENT_TYPE)
      .send(JSON.stringify(validationProblem([{ field: CORRELATION_HEADER, message: 'must be 1-128 characters of A-Z a-z 0-9 . _ : - / + =' }], 'Invalid header.')));
    return;
  }
  req.correlationId = given ?? randomUUID();
  res.setHeader(CORRELATION_HEADER, req.correlationId);
  next();
}
