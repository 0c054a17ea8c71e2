import { apiRequest, type QueryValue } from './client';
import type { ListPage, Subscriber } from './types';

export function listSubscribers(query: Record<string, QueryValue>, signal?: AbortSignal) {
  return apiRequest<ListPage & { subscribers: Subscriber[] }>('/api/v1/subscribers', {
    query,
    signal,
  });
}

export function unsubscribeSubscriber(id: string) {
  return apiRequest<Subscriber>(`/api/v1/subscribers/${encodeURIComponent(id)}/unsubscribe`, {
    method: 'POST',
  });
}
