import { ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { FastifyRequest } from 'fastify';

/**
 * Rate limits per API key (runs after ApiKeyGuard). What comes before a key is known (no valid
 * key, the open endpoints) was already counted per address by the beforeAuthentication hook.
 */
@Injectable()
export class ApiKeyThrottlerGuard extends ThrottlerGuard {
  protected override async getTracker(request: Record<string, unknown>): Promise<string> {
    const req = request as unknown as FastifyRequest;
    return req.apiKey ? `key:${req.apiKey.principal}` : `ip:${req.ip}`;
  }

  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<FastifyRequest>();
    return !req.apiKey;
  }
}
