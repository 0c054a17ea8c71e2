import { ChannelRateLimiter, TokenBucket, rateLimitOf } from './token-bucket';

describe('TokenBucket', () => {
  it('allows a burst, then books tokens at the refill rate', () => {
    let now = 0;
    const bucket = new TokenBucket(10, 2, () => now);
    expect([bucket.reserve(), bucket.reserve()]).toEqual([0, 0]);
    expect(bucket.reserve()).toBe(100);
    expect(bucket.reserve()).toBe(200);
    now = 200;
    expect(bucket.reserve()).toBe(100);
  });

  it('refuses (without booking) a reservation that would wait too long', () => {
    let now = 0;
    const bucket = new TokenBucket(1, 1, () => now);
    expect(bucket.reserve(500)).toBe(0);
    expect(bucket.reserve(500)).toBeUndefined();
    expect(bucket.waitMs()).toBe(1000);
    now = 1000;
    expect(bucket.reserve(500)).toBe(0);
  });

  it('never accumulates more than the burst', () => {
    let now = 0;
    const bucket = new TokenBucket(100, 3, () => now);
    now = 60_000;
    expect([bucket.reserve(), bucket.reserve(), bucket.reserve(), bucket.reserve()]).toEqual([
      0, 0, 0, 10,
    ]);
  });
});

describe('rateLimitOf', () => {
  it('reads the channel configuration, else the type default', () => {
    expect(rateLimitOf('webhook', { rate_limit_per_second: 5 })).toEqual({
      ratePerSecond: 5,
      burst: 5,
    });
    expect(rateLimitOf('webhook', { rate_limit_per_second: 0.5, rate_limit_burst: 3 })).toEqual({
      ratePerSecond: 0.5,
      burst: 3,
    });
    expect(rateLimitOf('slack', {})).toEqual({ ratePerSecond: 1, burst: 1 });
    expect(rateLimitOf('email', { rate_limit_per_second: 'fast' })).toEqual({
      ratePerSecond: 50,
      burst: 50,
    });
  });

  it('keeps one bucket per channel until its settings change', () => {
    const limiter = new ChannelRateLimiter(() => 0);
    const first = limiter.bucketFor('a', { ratePerSecond: 1, burst: 1 });
    expect(limiter.bucketFor('a', { ratePerSecond: 1, burst: 1 })).toBe(first);
    expect(limiter.bucketFor('a', { ratePerSecond: 2, burst: 1 })).not.toBe(first);
  });
});
