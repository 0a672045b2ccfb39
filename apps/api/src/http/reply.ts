import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ApiKey } from '../auth/api-keys';
import { PROBLEM_CONTENT_TYPE, Problem } from './problem';

declare module 'fastify' {
  interface FastifyRequest {
    /** The caller's X-Correlation-Id, or one made for it (correlationId hook). */
    correlationId?: string;
    /** The key the edge hook (beforeAuthentication) found in the Authorization header. */
    authenticatedKey?: ApiKey;
    /** The key the guard accepted for this route (set only on routes that need one). */
    apiKey?: ApiKey;
  }
}

/** Answers with a problem document; every refusal of the edge and every error leaves this way. */
export const sendProblem = (reply: FastifyReply, body: Problem): FastifyReply => reply.status(body.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(body));

/** The request's path without its query: what the edge's rules match on. */
export const pathOf = (request: FastifyRequest): string => {
  const query = request.url.indexOf('?');
  return query === -1 ? request.url : request.url.slice(0, query);
};

/** Whether a body comes with the request (the headers say so; it has not been read). */
export const hasBody = (request: FastifyRequest): boolean =>
  Number(request.headers['content-length'] ?? 0) > 0 || request.headers['transfer-encoding'] !== undefined;

/**
 * Answers a request whose body has not been read with a problem document. An unread body cannot
 * stay on a connection that is to be used again (and one that never ends would hold it), so the
 * connection closes after the answer.
 */
export const refuseUnread = (request: FastifyRequest, reply: FastifyReply, body: Problem): FastifyReply => {
  if (hasBody(request)) reply.header('Connection', 'close');
  return sendProblem(reply, body);
};
