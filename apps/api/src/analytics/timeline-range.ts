import { UnprocessableError } from '../common/errors/domain-errors';

export const TIMELINE_BUCKETS = ['hour', 'day'] as const;
export type TimelineBucket = (typeof TIMELINE_BUCKETS)[number];

/** Enough for a month of hours or years of days; a chart shows no more points usefully. */
export const MAX_TIMELINE_BUCKETS = 1000;
/** Spans up to this long default to hour buckets, longer ones to day buckets. */
const HOURLY_SPAN_MS = 3 * 24 * 3600_000;
const BUCKET_MS: Record<TimelineBucket, number> = { hour: 3600_000, day: 24 * 3600_000 };

export interface TimelineRange {
  bucket: TimelineBucket;
  since: Date;
  until: Date;
  /** How many buckets [since, until) covers; each starts at a whole UTC hour or day. */
  buckets: number;
}

export interface TimelineRequest {
  bucket?: TimelineBucket;
  since?: string;
  until?: string;
}

/** The start of the UTC hour or day `instant` falls in. */
export function bucketStart(instant: Date, bucket: TimelineBucket): Date {
  const width = BUCKET_MS[bucket];
  return new Date(Math.floor(instant.getTime() / width) * width);
}

/**
 * The range and bucket a timeline request asks for. Unset `until` is `now`; unset `since` is
 * `origin` (the publication's creation), moved later if needed to fit MAX_TIMELINE_BUCKETS; unset
 * `bucket` is chosen by the span. An explicit range that needs more buckets is a 422.
 */
export function timelineRange(
  request: TimelineRequest,
  origin: Date,
  now: Date = new Date(),
): TimelineRange {
  const until = request.until === undefined ? now : new Date(request.until);
  let since = request.since === undefined ? origin : new Date(request.since);
  if (request.since === undefined && since.getTime() >= until.getTime())
    since = new Date(until.getTime() - BUCKET_MS.hour);
  if (since.getTime() >= until.getTime()) {
    throw new UnprocessableError('The time range is empty.', [
      { field: 'until', message: 'must be later than since' },
    ]);
  }
  const bucket =
    request.bucket ?? (until.getTime() - since.getTime() <= HOURLY_SPAN_MS ? 'hour' : 'day');
  if (request.since === undefined) {
    const lastBucket = bucketStart(new Date(until.getTime() - 1), bucket).getTime();
    const earliest = new Date(lastBucket - (MAX_TIMELINE_BUCKETS - 1) * BUCKET_MS[bucket]);
    if (since < earliest) since = earliest;
  }
  const buckets = countBuckets(since, until, bucket);
  if (buckets > MAX_TIMELINE_BUCKETS) {
    throw new UnprocessableError('The time range has too many buckets.', [
      {
        field: 'since',
        message: `gives ${buckets} ${bucket} buckets before until, more than ${MAX_TIMELINE_BUCKETS}: choose a later since${bucket === 'hour' ? ' or bucket=day' : ''}`,
      },
    ]);
  }
  return { bucket, since, until, buckets };
}

function countBuckets(since: Date, until: Date, bucket: TimelineBucket): number {
  const first = bucketStart(since, bucket).getTime();
  return Math.ceil((until.getTime() - first) / BUCKET_MS[bucket]);
}
