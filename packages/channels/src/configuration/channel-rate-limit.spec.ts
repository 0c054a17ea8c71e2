import { channelRateLimit } from './channel-rate-limit';

describe('channelRateLimit', () => {
  it('reads a valid rate and burst, else the type’s default rate and a burst of 1', () => {
    expect(channelRateLimit('webhook', { rate_limit_per_second: 5 })).toEqual({
      ratePerSecond: 5,
      burst: 1,
    });
    expect(
      channelRateLimit('webhook', { rate_limit_per_second: 0.5, rate_limit_burst: 3 }),
    ).toEqual({ ratePerSecond: 0.5, burst: 3 });
    expect(channelRateLimit('slack', {})).toEqual({ ratePerSecond: 1, burst: 1 });
    expect(channelRateLimit('discord', {})).toEqual({ ratePerSecond: 0.5, burst: 1 });
    expect(channelRateLimit('email', { rate_limit_per_second: 'fast' })).toEqual({
      ratePerSecond: 50,
      burst: 1,
    });
    expect(channelRateLimit('webhook', { rate_limit_per_second: 1e9 })).toEqual({
      ratePerSecond: 100,
      burst: 1,
    });
    expect(channelRateLimit('fax', {})).toEqual({ ratePerSecond: 10, burst: 1 });
  });
});
