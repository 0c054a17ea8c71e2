import { Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { Request } from 'express';

/** Limits requests per API key (per client address for public routes); 429 with Retry-After. */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  protected override getTracker(request: Record<string, unknown>): Promise<string> {
    const { apiKey, ip } = request as unknown as Request;
    return Promise.resolve(apiKey ? `key:${apiKey.id}` : `ip:${ip ?? 'unknown'}`);
  }
}
