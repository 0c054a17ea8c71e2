import { Injectable, type ExecutionContext } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { Request } from 'express';

/**
 * One budget per API key across every route (per client address for public routes); 429 with
 * Retry-After.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  protected override getTracker(request: Record<string, unknown>): Promise<string> {
    const { apiKey, ip } = request as unknown as Request;
    return Promise.resolve(apiKey ? `key:${apiKey.id}` : `ip:${ip ?? 'unknown'}`);
  }

  /** The throttler's own key names the controller and handler too: a budget per route. */
  protected override generateKey(_context: ExecutionContext, tracker: string, name: string) {
    return `${name}:${tracker}`;
  }
}
