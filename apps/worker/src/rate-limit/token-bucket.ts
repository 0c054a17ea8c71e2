import {
  PUSH_CHANNEL_TYPES,
  channelDefinitions,
  channelRateLimit,
  type ChannelRateLimit,
} from '@publishing/channels';

/**
 * A token bucket that hands out reservations: `reserve()` takes a token now or books the next
 * one, returning how long the caller must wait before using it. Tokens refill continuously at
 * `ratePerSecond` up to `burst`.
 */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    readonly ratePerSecond: number,
    readonly burst: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tokens = burst;
    this.updatedAt = now();
  }

  /**
   * Books one token. Returns the wait in ms (0 = send now), or `undefined` without booking when
   * the wait would exceed `maxWaitMs` (the caller defers the work instead of holding it).
   */
  reserve(maxWaitMs = Number.POSITIVE_INFINITY): number | undefined {
    this.refill();
    const waitMs = this.tokens >= 1 ? 0 : ((1 - this.tokens) / this.ratePerSecond) * 1000;
    if (waitMs > maxWaitMs) return undefined;
    this.tokens -= 1;
    return Math.ceil(waitMs);
  }

  /** How long until a token would be free (without booking it). */
  waitMs(): number {
    this.refill();
    return this.tokens >= 1 ? 0 : Math.ceil(((1 - this.tokens) / this.ratePerSecond) * 1000);
  }

  private refill(): void {
    const now = this.now();
    this.tokens = Math.min(
      this.burst,
      this.tokens + ((now - this.updatedAt) / 1000) * this.ratePerSecond,
    );
    this.updatedAt = now;
  }
}

/** Sends per second when a channel's configuration sets no `rate_limit_per_second`. */
export const DEFAULT_RATE_LIMITS: Record<string, number> = Object.fromEntries(
  PUSH_CHANNEL_TYPES.map((type) => [type, channelDefinitions[type].defaultRatePerSecond]),
);

export type RateLimitSettings = ChannelRateLimit;

/**
 * The limit of one channel, as its type's definition reads `rate_limit_per_second` and
 * `rate_limit_burst` (`channelRateLimit` of `@publishing/channels`).
 */
export function rateLimitOf(
  channelType: string,
  configuration: Record<string, unknown>,
): RateLimitSettings {
  return channelRateLimit(channelType, configuration);
}

/** One bucket per channel id, rebuilt when the channel's limit changes. */
export class ChannelRateLimiter {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(private readonly now: () => number = () => performance.now()) {}

  bucketFor(channelId: string, settings: RateLimitSettings): TokenBucket {
    const existing = this.buckets.get(channelId);
    if (
      existing &&
      existing.ratePerSecond === settings.ratePerSecond &&
      existing.burst === settings.burst
    ) {
      return existing;
    }
    const bucket = new TokenBucket(settings.ratePerSecond, settings.burst, this.now);
    this.buckets.set(channelId, bucket);
    return bucket;
  }
}
