import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { TooManyRequestsError } from '../common/errors/domain-errors';
import { PublicRouteBudget } from './public-route-budget';
import { SKIP_PUBLIC_RATE_LIMIT } from './skip-public-rate-limit.decorator';

/** Routes without an API key: 429 with Retry-After once the client address spent its budget. */
@Injectable()
export class PublicRateLimitGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly budget: PublicRouteBudget,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request>();
    if (request.apiKey) return true;
    if (
      this.reflector.getAllAndOverride<boolean>(SKIP_PUBLIC_RATE_LIMIT, [
        context.getHandler(),
        context.getClass(),
      ])
    )
      return true;
    const verdict = this.budget.take(request);
    if (!verdict.withinBudget) {
      throw new TooManyRequestsError(
        'Too many requests from this address; retry after the time in Retry-After.',
        verdict.retryAfterSeconds,
      );
    }
    return true;
  }
}
