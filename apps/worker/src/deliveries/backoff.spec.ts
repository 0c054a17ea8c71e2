import { retryDelayMs } from './backoff';

const policy = { baseMs: 1000, maxMs: 60_000 };

describe('retryDelayMs (full jitter)', () => {
  it('draws uniformly below base × 2^(attempt-1), capped', () => {
    expect(retryDelayMs(policy, 1, 0, () => 0.999)).toBe(999);
    expect(retryDelayMs(policy, 3, 0, () => 0.5)).toBe(2000);
    expect(retryDelayMs(policy, 3, 0, () => 0)).toBe(0);
    expect(retryDelayMs(policy, 30, 0, () => 0.5)).toBe(30_000);
    expect(retryDelayMs(policy, 10_000, 0, () => 0.999_999)).toBeLessThanOrEqual(60_000);
  });

  it('never retries sooner than Retry-After, nor later than the cap', () => {
    expect(retryDelayMs(policy, 1, 5000, () => 0.1)).toBe(5000);
    expect(retryDelayMs(policy, 1, 3_600_000, () => 0.1)).toBe(60_000);
  });
});
