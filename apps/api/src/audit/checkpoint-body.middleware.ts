import type { NextFunction, Request, Response } from 'express';
import { createHash, timingSafeEqual } from 'node:crypto';
import { AppConfig } from '../config/app-config';
import { jsonBody } from '../http/json-body.middleware';

/** A checkpoint holds every stream's head (about 150 bytes each): this lets one of about 200,000 streams through. */
export const CHECKPOINT_BODY_LIMIT = 32 * 1024 * 1024;

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * Mounted on POST /audit/verify before the general body parser: a checkpoint outgrows the general
 * body limit with a few thousand streams, so an auditor's or admin's request may send one up to
 * CHECKPOINT_BODY_LIMIT. Anyone else's body is left to the general parser and its limit (the
 * guard then answers 401 or 403), so the larger limit is never open to an unknown client.
 */
export function checkpointBody(config: AppConfig) {
  const parse = jsonBody(Math.max(CHECKPOINT_BODY_LIMIT, config.bodyLimitBytes));
  const auditors = config.apiKeys.filter((key) => key.role === 'auditor' || key.role === 'admin').map((key) => digest(key.key));
  const isAuditor = (header: string | undefined) => {
    const match = header?.match(/^Bearer\s+(\S+)\s*$/i);
    if (!match) return false;
    const given = digest(match[1]);
    return auditors.some((known) => timingSafeEqual(known, given));
  };
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'POST' || req.path !== '/' || !isAuditor(req.header('authorization'))) return next();
    return parse(req, res, next);
  };
}
