import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { AppConfig, Role } from '../config/app-config';
import { ProblemException, problem } from '../http/problem';
import { ApiKeyAuthenticator } from './api-key-authenticator';
import { ApiKey } from './api-keys';
import { PUBLIC_KEY, ROLES_KEY } from './roles.decorator';

/** Bearer API key → principal and role. Missing or unknown key: 401; known key, wrong role: 403. */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  private readonly authenticator: ApiKeyAuthenticator;

  constructor(
    private readonly reflector: Reflector,
    config: AppConfig,
  ) {
    this.authenticator = new ApiKeyAuthenticator(config.apiKeys);
  }

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;

    const request = context.switchToHttp().getRequest<FastifyRequest>();
    // Authenticated already by the edge hook (beforeAuthentication) when it runs first.
    const apiKey = request.authenticatedKey ?? this.authenticator.authenticate(request.headers.authorization);
    request.apiKey = apiKey;

    const allowed = this.reflector.getAllAndOverride<Role[]>(ROLES_KEY, targets) ?? [];
    if (apiKey.role !== 'admin' && !allowed.includes(apiKey.role)) {
      throw new ProblemException(
        problem(403, 'forbidden', 'Forbidden', `The role '${apiKey.role}' may not do this; allowed: ${['admin', ...allowed].join(', ')}.`),
      );
    }
    return true;
  }
}
