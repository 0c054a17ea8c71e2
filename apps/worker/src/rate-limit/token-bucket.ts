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
export const DEFAULT_RATE_LIMITS: Record<string, number> = {
  // Slack documents one message per second per incoming webhook.
  slack: 1,
  // Discord allows 30 messages per minute per channel through webhooks.
  discord: 0.5,
  email: 50,
  webhook: 100,
};

export interface RateLimitSettings {
  ratePerSecond: number;
  burst: number;
}

/**
 * The limit of one channel: `configuration.rate_limit_per_second` (> 0) and optionally
 * `configuration.rate_limit_burst` (≥ 1), else the channel type's default. The schema has no
 * rate-limit column, so the setting lives in the channel's configuration JSON.
 */
export function rateLimitOf(
  channelType: string,
  configuration: Record<string, unknown>,
): RateLimitSettings {
  const configured = configuration.rate_limit_per_second;
  const ratePerSecond =
    typeof configured === 'number' && Number.isFinite(configured) && configured > 0
      ? configured
      : (DEFAULT_RATE_LIMITS[channelType] ?? 10);
  const burstSetting = configuration.rate_limit_burst;
  const burst =
    typeof burstSetting === 'number' && Number.isFinite(burstSetting) && burstSetting >= 1
      ? burstSetting
      : Math.max(1, Math.ceil(ratePerSecond));
  return { ratePerSecond, burst };
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
