import { apiRequest, type QueryValue } from './client';
import type { ListPage, Publication, PublicationType } from './types';

export interface NewPublication {
  publication_type: PublicationType;
  channels: string[];
  content_ids?: string[];
  template_id?: string;
  scheduled_time?: string;
}

export function listPublications(query: Record<string, QueryValue>, signal?: AbortSignal) {
  return apiRequest<ListPage & { publications: Publication[] }>('/api/v1/publications', {
    query,
    signal,
  });
}

export function getPublication(id: string, signal?: AbortSignal) {
  return apiRequest<Publication>(`/api/v1/publications/${encodeURIComponent(id)}`, { signal });
}

export function createPublication(body: NewPublication) {
  return apiRequest<Publication>('/api/v1/publications', { method: 'POST', body });
}

export function cancelPublication(id: string) {
  return apiRequest<Publication & { message: string }>(
    `/api/v1/publications/${encodeURIComponent(id)}`,
    { method: 'DELETE' },
  );
}

/** A `failed` publication is rescheduled as a whole (in 5 minutes). */
export function retryPublication(id: string) {
  return apiRequest<Publication & { message: string }>(
    `/api/v1/publications/${encodeURIComponent(id)}/retry`,
    { method: 'POST' },
  );
}

/** Only the failed deliveries go back to pending. */
export function retryFailedDeliveries(id: string) {
  return apiRequest<{ publication_id: string; retried: number }>(
    `/api/v1/publications/${encodeURIComponent(id)}/deliveries/retry`,
    { method: 'POST' },
  );
}
