import type { FastifyRequest } from 'fastify';
import { AppConfig } from '../config/app-config';
import { pathOf } from '../http/reply';

/** A checkpoint holds every stream's head (about 150 bytes each): this lets one of about 200,000 streams through. */
export const CHECKPOINT_BODY_LIMIT = 32 * 1024 * 1024;

const VERIFY_PATH = /^\/audit\/verify\/?$/i;

/**
 * The body limit of a request: a checkpoint sent to POST /audit/verify outgrows the general limit
 * with a few thousand streams, so an auditor's or admin's request may send one up to
 * CHECKPOINT_BODY_LIMIT. Anyone else's body keeps the general limit (the guard then answers 401 or
 * 403), so the larger limit is never open to an unknown client. The key is the one the edge hook
 * (beforeAuthentication) found, before any body was read.
 */
export function bodyLimitFor(config: AppConfig): (request: FastifyRequest) => number {
  const checkpointLimit = Math.max(CHECKPOINT_BODY_LIMIT, config.bodyLimitBytes);
  return (request) => {
    const role = request.authenticatedKey?.role;
    const auditor = role === 'auditor' || role === 'admin';
    return auditor && request.method === 'POST' && VERIFY_PATH.test(pathOf(request)) ? checkpointLimit : config.bodyLimitBytes;
  };
}
