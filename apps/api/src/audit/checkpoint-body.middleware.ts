import type { NextFunction, Request, Response } from 'express';
import { ApiKeyAuthenticator } from '../auth/api-key-authenticator';
import { AppConfig } from '../config/app-config';
import { jsonBody } from '../http/json-body.middleware';

/** A checkpoint holds every stream's head (about 150 bytes each): this lets one of about 200,000 streams through. */
export const CHECKPOINT_BODY_LIMIT = 32 * 1024 * 1024;

/**
 * Mounted on POST /audit/verify before the general body parser: a checkpoint outgrows the general
 * body limit with a few thousand streams, so an auditor's or admin's request may send one up to
 * CHECKPOINT_BODY_LIMIT. Anyone else's body is left to the general parser and its limit (the
 * guard then answers 401 or 403), so the larger limit is never open to an unknown client.
 */
export function checkpointBody(config: AppConfig) {
  const parse = jsonBody(Math.max(CHECKPOINT_BODY_LIMIT, config.bodyLimitBytes));
  const auditors = new ApiKeyAuthenticator(config.apiKeys.filter((key) => key.role === 'auditor' || key.role === 'admin'));
  const isAuditor = (header: string | undefined) => {
    try {
      auditors.authenticate(header);
      return true;
    } catch {
      return false;
    }
  };
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'POST' || req.path !== '/' || !isAuditor(req.header('authorization'))) return next();
    return parse(req, res, next);
  };
}
