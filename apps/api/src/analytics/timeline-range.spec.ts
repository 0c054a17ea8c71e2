import { UnprocessableError } from '../common/errors/domain-errors';
import { bucketStart, MAX_TIMELINE_BUCKETS, timelineRange } from './timeline-range';

const NOW = new Date('2026-12-02T10:30:00.000Z');

function fieldOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof UnprocessableError) return error.errors[0]?.field;
    throw error;
  }
  return undefined;
}

describe('timelineRange', () => {
  it('defaults to the publication’s creation until now, in hours for a short span', () => {
    const origin = new Date('2026-12-01T08:15:00.000Z');
    expect(timelineRange({}, origin, NOW)).toEqual({
      bucket: 'hour',
      since: origin,
      until: NOW,
      // 08:00 on the 1st to 10:59 on the 2nd
      buckets: 27,
    });
  });

  it('chooses days for a span over three days', () => {
    const range = timelineRange(
      { since: '2026-11-01T00:00:00Z', until: '2026-11-04T00:00:01Z' },
      NOW,
      NOW,
    );
    expect(range).toMatchObject({ bucket: 'day', buckets: 4 });
    expect(
      timelineRange({ since: '2026-11-01T00:00:00Z', until: '2026-11-04T00:00:00Z' }, NOW, NOW),
    ).toMatchObject({ bucket: 'hour', buckets: 72 });
  });

  it('keeps an explicit bucket', () => {
    expect(timelineRange({ bucket: 'day', since: '2026-12-02T01:00:00Z' }, NOW, NOW)).toMatchObject(
      { bucket: 'day', buckets: 1 },
    );
  });

  it('moves a default since later rather than answer too many buckets', () => {
    const range = timelineRange({ bucket: 'hour' }, new Date('2020-01-01T00:00:00Z'), NOW);
    expect(range.buckets).toBe(MAX_TIMELINE_BUCKETS);
    const old = timelineRange({}, new Date('2000-01-01T00:00:00Z'), NOW);
    expect(old).toMatchObject({ bucket: 'day', buckets: MAX_TIMELINE_BUCKETS });
  });

  it('refuses an explicit range with too many buckets, naming since', () => {
    expect(
      fieldOf(() => timelineRange({ bucket: 'hour', since: '2026-01-01T00:00:00Z' }, NOW, NOW)),
    ).toBe('since');
    expect(
      timelineRange(
        { bucket: 'hour', since: '2026-10-22T00:00:00Z', until: '2026-12-02T16:00:00Z' },
        NOW,
        NOW,
      ).buckets,
    ).toBe(MAX_TIMELINE_BUCKETS);
    expect(
      fieldOf(() =>
        timelineRange(
          { bucket: 'hour', since: '2026-10-22T00:00:00Z', until: '2026-12-02T16:00:01Z' },
          NOW,
          NOW,
        ),
      ),
    ).toBe('since');
  });

  it('refuses an empty range, naming until', () => {
    expect(fieldOf(() => timelineRange({ since: '2026-12-02T10:30:00Z' }, NOW, NOW))).toBe('until');
  });

  it('gives a publication created in the future (scheduled) the last hour', () => {
    const range = timelineRange({}, new Date('2027-01-01T00:00:00Z'), NOW);
    expect(range).toMatchObject({ bucket: 'hour', until: NOW, buckets: 2 });
  });
});

describe('bucketStart', () => {
  it('truncates to the UTC hour or day', () => {
    const instant = new Date('2026-12-02T10:30:15.123Z');
    expect(bucketStart(instant, 'hour').toISOString()).toBe('2026-12-02T10:00:00.000Z');
    expect(bucketStart(instant, 'day').toISOString()).toBe('2026-12-02T00:00:00.000Z');
  });
});
