import { apiRequest } from './client';
import type { EngagementTimeline, EngagementTotals, TimelineBucket } from './types';

const base = (publicationId: string) =>
  `/api/v1/analytics/engagement/publication/${encodeURIComponent(publicationId)}`;

export function getEngagementTotals(publicationId: string, signal?: AbortSignal) {
  return apiRequest<EngagementTotals>(base(publicationId), { signal });
}

export function getEngagementTimeline(
  publicationId: string,
  bucket: TimelineBucket,
  signal?: AbortSignal,
) {
  return apiRequest<EngagementTimeline>(`${base(publicationId)}/timeline`, {
    query: { bucket },
    signal,
  });
}
