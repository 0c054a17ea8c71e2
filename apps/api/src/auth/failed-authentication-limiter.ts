import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Request } from 'express';
import { TooManyRequestsError } from '../common/errors/domain-errors';
import type { ApiConfig } from '../config/app-config';
import { clientAddressOf } from '../rate-limit/client-address';
import { FixedWindowCounter } from '../rate-limit/fixed-window-counter';

/**
 * `AUTH_FAILURES_PER_MINUTE` unknown, malformed, expired or revoked keys per client address;
 * past it the client is refused before any key is looked up, a valid one included, until its
 * minute is over: guessing costs the database nothing.
 */
@Injectable()
export class FailedAuthenticationLimiter {
  private readonly failures = new FixedWindowCounter(60_000);
  /** Per client, the distinct keys being looked up right now, with how many requests carry each. */
  private readonly lookingUp = new Map<string, Map<string, number>>();
  private readonly limit: number;

  constructor(config: ConfigService<ApiConfig, true>) {
    this.limit = config.get('AUTH_FAILURES_PER_MINUTE', { infer: true });
  }

  /**
   * Runs `authenticate(key)` unless the client is over its limit (429, nothing looked up). A key
   * still being looked up counts as a failure until it succeeds, so concurrent guesses cannot
   * slip past the limit; concurrent requests with one key count once.
   */
  async authenticate<T>(
    request: Request,
    key: string,
    authenticate: (key: string) => Promise<T | undefined>,
  ): Promise<T | undefined> {
    const client = clientAddressOf(request);
    const pending = this.lookingUp.get(client) ?? new Map<string, number>();
    const { count, retryAfterSeconds } = this.failures.peek(client);
    if (!pending.has(key) && count + pending.size >= this.limit) {
      throw new TooManyRequestsError(
        'Too many invalid API keys from this address; retry after the time in Retry-After.',
        retryAfterSeconds,
      );
    }
    pending.set(key, (pending.get(key) ?? 0) + 1);
    this.lookingUp.set(client, pending);
    let authenticated: T | undefined;
    try {
      authenticated = await authenticate(key);
    } finally {
      const carriers = (pending.get(key) ?? 1) - 1;
      if (carriers > 0) pending.set(key, carriers);
      else pending.delete(key);
      if (pending.size === 0) this.lookingUp.delete(client);
    }
    if (authenticated === undefined) this.failures.add(client);
    return authenticated;
  }
}
