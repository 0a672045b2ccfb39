import express, { NextFunction, Request, Response } from 'express';
import { PROBLEM_CONTENT_TYPE, Problem, problem } from './problem';

const send = (res: Response, body: Problem) => res.status(body.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(body));

/**
 * express.json wrapped so that its failures become problem documents instead of HTML:
 * 413 over the limit, 400 for malformed JSON, 415 for a body that is not JSON.
 */
export function jsonBody(limitBytes: number) {
  const parse = express.json({ limit: limitBytes, strict: true });
  return (req: Request, res: Response, next: NextFunction) => {
    const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
    if (hasBody && !req.is('application/json') && !req.is('application/*+json')) {
      return send(res, problem(415, 'unsupported-media-type', 'Unsupported media type', 'Send the body as application/json.'));
    }
    parse(req, res, (error?: unknown) => {
      if (!error) return next();
      const { type, status } = error as { type?: string; status?: number };
      if (type === 'entity.too.large') {
        return send(res, problem(413, 'body-too-large', 'Body too large', `The body exceeds the limit of ${limitBytes} bytes.`, { limit: limitBytes }));
      }
      if (type === 'entity.parse.failed') {
        return send(res, problem(400, 'malformed-json', 'Malformed JSON', 'The body is not valid JSON.'));
      }
      if (type === 'encoding.unsupported' || type === 'charset.unsupported') {
        return send(res, problem(415, 'unsupported-media-type', 'Unsupported media type', 'Send the body as UTF-8 JSON.'));
      }
      return send(res, problem(status && status >= 400 && status < 500 ? status : 400, 'bad-body', 'Bad request body', 'The request body could not be read.'));
    });
  };
}
