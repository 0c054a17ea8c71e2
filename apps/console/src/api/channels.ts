import { apiRequest, type QueryValue } from './client';
import type { Channel, ChannelTestResult, ListPage } from './types';

export function listChannels(query: Record<string, QueryValue>, signal?: AbortSignal) {
  return apiRequest<ListPage & { channels: Channel[] }>('/api/v1/channels', { query, signal });
}

export function getChannel(id: string, signal?: AbortSignal) {
  return apiRequest<Channel>(`/api/v1/channels/${encodeURIComponent(id)}`, { signal });
}

export function sendChannelTest(id: string, testEmail?: string) {
  return apiRequest<ChannelTestResult>(`/api/v1/channels/${encodeURIComponent(id)}/test`, {
    method: 'POST',
    body: testEmail ? { test_email: testEmail } : {},
  });
}
