import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { timingSafeEqual, createHash } from 'node:crypto';
import { AppConfig, Role } from '../config/app-config';
import { ProblemException, problem } from '../http/problem';
import { ApiKey } from './api-keys';
import { PUBLIC_KEY, ROLES_KEY } from './roles.decorator';

declare module 'express-serve-static-core' {
  interface Request {
    apiKey?: ApiKey;
  }
}

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Bearer API key → principal and role. Missing or unknown key: 401; known key, wrong role: 403. */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  private readonly keys: { digest: Buffer; apiKey: ApiKey }[];

  constructor(
    private readonly reflector: Reflector,
    config: AppConfig,
  ) {
    this.keys = config.apiKeys.map((apiKey) => ({ digest: digest(apiKey.key), apiKey }));
  }

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;

    const request = context.switchToHttp().getRequest<Request>();
    const apiKey = this.authenticate(request.header('authorization'));
    request.apiKey = apiKey;

    const allowed = this.reflector.getAllAndOverride<Role[]>(ROLES_KEY, targets) ?? [];
    if (apiKey.role !== 'admin' && !allowed.includes(apiKey.role)) {
      throw new ProblemException(
        problem(403, 'forbidden', 'Forbidden', `The role '${apiKey.role}' may not do this; allowed: ${['admin', ...allowed].join(', ')}.`),
      );
    }
    return true;
  }

  private authenticate(header: string | undefined): ApiKey {
    const match = header?.match(/^Bearer\s+(\S+)\s*$/i);
    if (!match) {
      throw new ProblemException(problem(401, 'unauthorized', 'Unauthorized', 'Send an API key as "Authorization: Bearer <key>".'));
    }
    // Compare digests in constant time so response timing does not leak key prefixes.
    const given = digest(match[1]);
    const found = this.keys.find((candidate) => timingSafeEqual(candidate.digest, given));
    if (!found) throw new ProblemException(problem(401, 'unauthorized', 'Unauthorized', 'The API key is not known.'));
    return found.apiKey;
  }
}
