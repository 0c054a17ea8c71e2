import { describe, expect, it } from 'vitest';
import { channelResult, OPS_WEBHOOK, publication } from '../test/fixtures';
import { nextRefreshIn, retryKind } from './publication-state';

const NOW = Date.parse('2026-12-02T10:00:00Z');
const at = (offsetMs: number) => new Date(NOW + offsetMs).toISOString();

describe('nextRefreshIn', () => {
  it('polls at the interval while one is processing or due', () => {
    expect(nextRefreshIn([publication({ status: 'processing' })], NOW, 2000)).toBe(2000);
    expect(
      nextRefreshIn([publication({ status: 'scheduled', scheduled_time: at(-5) })], NOW, 2000),
    ).toBe(2000);
    expect(
      nextRefreshIn([publication({ status: 'scheduled', scheduled_time: at(1500) })], NOW, 2000),
    ).toBe(2000);
  });

  it('waits for the next scheduled one within 15 minutes, and no longer', () => {
    const soon = publication({ status: 'scheduled', scheduled_time: at(60_000) });
    const later = publication({ status: 'scheduled', scheduled_time: at(120_000) });
    const tomorrow = publication({ status: 'scheduled', scheduled_time: at(86_400_000) });
    expect(nextRefreshIn([later, soon, tomorrow], NOW, 2000)).toBe(60_000);
    expect(nextRefreshIn([tomorrow], NOW, 2000)).toBeNull();
  });

  it('never refreshes a list of finished publications', () => {
    const finished = (['completed', 'failed', 'cancelled'] as const).map((status) =>
      publication({ status }),
    );
    expect(nextRefreshIn(finished, NOW, 2000)).toBeNull();
    expect(nextRefreshIn([], NOW, 2000)).toBeNull();
  });
});

describe('retryKind', () => {
  const withFailures = { [OPS_WEBHOOK.id]: channelResult({ total: 3, sent: 1, failed: 2 }) };

  it('retries failed deliveries when there are any, unless cancelled', () => {
    expect(retryKind(publication({ status: 'completed', channel_results: withFailures }))).toBe(
      'deliveries',
    );
    expect(retryKind(publication({ status: 'failed', channel_results: withFailures }))).toBe(
      'deliveries',
    );
    expect(retryKind(publication({ status: 'cancelled', channel_results: withFailures }))).toBe(
      null,
    );
  });

  it('reschedules a failed publication with no failed delivery, and offers nothing otherwise', () => {
    expect(retryKind(publication({ status: 'failed' }))).toBe('publication');
    expect(retryKind(publication({ status: 'completed' }))).toBe(null);
    expect(retryKind(publication({ status: 'scheduled' }))).toBe(null);
  });
});
