import { apiRequest } from './client';
import type { ListPage, Template } from './types';

export function listTemplates(signal?: AbortSignal) {
  return apiRequest<ListPage & { templates: Template[] }>('/api/v1/templates', {
    query: { limit: 100 },
    signal,
  });
}
