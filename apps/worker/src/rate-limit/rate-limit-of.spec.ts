import { rateLimitOf } from './rate-limit-of';

describe('rateLimitOf', () => {
  it('reads the channel configuration, else the type default, with a burst of 1 by default', () => {
    expect(rateLimitOf('webhook', { rate_limit_per_second: 5 })).toEqual({
      ratePerSecond: 5,
      burst: 1,
    });
    expect(rateLimitOf('webhook', { rate_limit_per_second: 0.5, rate_limit_burst: 3 })).toEqual({
      ratePerSecond: 0.5,
      burst: 3,
    });
    expect(rateLimitOf('slack', {})).toEqual({ ratePerSecond: 1, burst: 1 });
    expect(rateLimitOf('email', { rate_limit_per_second: 'fast' })).toEqual({
      ratePerSecond: 50,
      burst: 1,
    });
  });
});
