import { Injectable, type ExecutionContext } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { Request, Response } from 'express';

/**
 * One budget per API key across every route; 429 with Retry-After. Routes without a key are
 * limited per client address by `PublicRateLimitGuard`.
 */
@Injectable()
export class ApiKeyRateLimitGuard extends ThrottlerGuard {
  protected override shouldSkip(context: ExecutionContext): Promise<boolean> {
    return Promise.resolve(!context.switchToHttp().getRequest<Request>().apiKey);
  }

  protected override getTracker(request: Record<string, unknown>): Promise<string> {
    return Promise.resolve(`key:${(request as unknown as Request).apiKey?.id}`);
  }

  /** The throttler's own key names the controller and handler too: a budget per route. */
  protected override generateKey(_context: ExecutionContext, tracker: string, name: string) {
    return `${name}:${tracker}`;
  }

  /** The headers Express's `res.header` would set, without its checks for Content-Type and arrays. */
  protected override setResponseHeader(response: Response, name: string, value: string | number) {
    response.setHeader(name, String(value));
  }
}
