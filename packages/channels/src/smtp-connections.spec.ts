import { smtpConnectionsFor } from './smtp-connections';

describe('smtpConnectionsFor', () => {
  it('opens enough connections for the rate when each message takes 300 ms', () => {
    expect(smtpConnectionsFor({ ratePerSecond: 100, burst: 1 })).toBe(30);
    expect(smtpConnectionsFor({ ratePerSecond: 50, burst: 1 })).toBe(15);
    expect(smtpConnectionsFor({ ratePerSecond: 10, burst: 1 })).toBe(3);
  });

  it('opens one for a slow channel, the burst when that is more, never more than 30', () => {
    expect(smtpConnectionsFor({ ratePerSecond: 0.5, burst: 1 })).toBe(1);
    expect(smtpConnectionsFor({ ratePerSecond: 1, burst: 8 })).toBe(8);
    expect(smtpConnectionsFor({ ratePerSecond: 10_000, burst: 1 })).toBe(30);
  });
});
