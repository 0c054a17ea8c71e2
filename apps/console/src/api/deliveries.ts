import { apiRequest, type QueryValue } from './client';
import type { Delivery, DeliveryStatus, FailureReasons, ListPage } from './types';

export type DeliveriesPage = ListPage & {
  deliveries: Delivery[];
  counts_by_status: Partial<Record<DeliveryStatus, number>>;
};

export function listDeliveries(
  publicationId: string,
  query: Record<string, QueryValue>,
  signal?: AbortSignal,
) {
  return apiRequest<DeliveriesPage>(
    `/api/v1/publications/${encodeURIComponent(publicationId)}/deliveries`,
    { query, signal },
  );
}

/** The publication's failed deliveries grouped by reason on the server, the most frequent first. */
export function getFailureReasons(publicationId: string, signal?: AbortSignal) {
  return apiRequest<FailureReasons>(
    `/api/v1/publications/${encodeURIComponent(publicationId)}/deliveries/failure-reasons`,
    { signal },
  );
}
