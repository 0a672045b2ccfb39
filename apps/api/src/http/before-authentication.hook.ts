import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { ApiKeyAuthenticator } from '../auth/api-key-authenticator';
import { ApiKey } from '../auth/api-keys';
import { AddressRateLimiter } from './address-rate-limiter';
import { Problem, ProblemException, problem } from './problem';
import { hasBody, pathOf, refuseUnread } from './reply';

/** The endpoints that need no key: health, metrics, the OpenAPI document and its browser, and the console's files. */
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

/**
 * What every request meets before a body is read or a route's handler runs. What comes without a
 * valid key, and anything for an open endpoint, counts against its client address (the per-key
 * limit comes later, in ApiKeyThrottlerGuard). A body without a valid key is refused unread and its
 * connection closed: otherwise an anonymous client could hold the connection for as long as it
 * takes to send a body that never ends.
 */
export function beforeAuthentication(authenticator: ApiKeyAuthenticator, limiter: AddressRateLimiter) {
  return (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void => {
    const { apiKey, refusal } = authenticated(authenticator, request.headers.authorization);
    // The guard takes the key from here rather than digesting the header a second time; it alone
    // sets request.apiKey, on the routes that need a key (the per-key limit counts only those).
    request.authenticatedKey = apiKey;
    if (refusal || OPEN_PATH.test(pathOf(request))) {
      const retryAfter = limiter.take(request.socket.remoteAddress);
      if (retryAfter !== undefined) {
        reply.header('Retry-After', String(retryAfter));
        return void refuseUnread(request, reply, problem(429, 'rate-limited', 'Too many requests', 'Too many requests from this address without a valid API key or to open endpoints; retry later.'));
      }
    }
    if (refusal && hasBody(request)) return void refuseUnread(request, reply, refusal);
    done();
  };
}
