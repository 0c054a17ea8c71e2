import { apiRequest, type QueryValue } from './client';
import type { Delivery, DeliveryStatus, ListPage } from './types';

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
