import { NextFunction, Request, Response } from 'express';
import { ApiKeyAuthenticator } from '../auth/api-key-authenticator';
import { ApiKey } from '../auth/api-keys';
import { AddressRateLimiter } from './address-rate-limiter';
import { PROBLEM_CONTENT_TYPE, Problem, ProblemException, problem } from './problem';

/** The endpoints that need no key: health, metrics, the OpenAPI document and its browser (and the console's files, once served). */
const OPEN_PATH = /^\/(?:health|metrics|docs|docs-json|console)(?:[/.]|$)/i;

/** The key a request's Authorization header names, or the 401 it earns. */
function authenticated(authenticator: ApiKeyAuthenticator, header: string | undefined): { apiKey: ApiKey; refusal?: undefined } | { apiKey?: undefined; refusal: Problem } {
  try {
    return { apiKey: authenticator.authenticate(header) };
  } catch (error) {
    if (error instanceof ProblemException) return { refusal: error.problem };
    throw error;
  }
}

const hasBody = (req: Request) => Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;

/**
 * What every request meets before a body is read or a route chosen. What comes without a valid
 * key, and anything for an open endpoint, counts against its client address (the per-key limit
 * comes later, in ApiKeyThrottlerGuard). A body without a valid key is refused unread and its
 * connection closed: otherwise an anonymous client could hold the connection for as long as it
 * takes to send a body that never ends.
 */
export function beforeAuthentication(authenticator: ApiKeyAuthenticator, limiter: AddressRateLimiter) {
  return (req: Request, res: Response, next: NextFunction) => {
    const { apiKey, refusal } = authenticated(authenticator, req.header('authorization'));
    // The guard takes the key from here rather than digesting the header a second time; it alone
    // sets req.apiKey, on the routes that need a key (the per-key limit counts only those).
    req.authenticatedKey = apiKey;
    const withBody = hasBody(req);
    // An unread body cannot stay on a connection that is to be used again.
    const refuse = (body: Problem) => {
      if (withBody) res.setHeader('Connection', 'close');
      res.status(body.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(body));
    };
    if (refusal || OPEN_PATH.test(req.path)) {
      const retryAfter = limiter.take(req.socket.remoteAddress);
      if (retryAfter !== undefined) {
        res.setHeader('Retry-After', String(retryAfter));
        return refuse(problem(429, 'rate-limited', 'Too many requests', 'Too many requests from this address without a valid API key or to open endpoints; retry later.'));
      }
    }
    if (refusal && withBody) return refuse(refusal);
    next();
  };
}
