import { forgetApiKey, readApiKey } from './api-key-store';
import { ApiProblem, isRecord, problemFromResponse } from './problem';

export type QueryValue = string | number | boolean | undefined | null;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  query?: Record<string, QueryValue>;
  body?: unknown;
  signal?: AbortSignal;
}

type KeyRejectedListener = () => void;
const keyRejectedListeners = new Set<KeyRejectedListener>();

/** Called when the API refuses the key (401/403): the key is already forgotten by then. */
export function onKeyRejected(listener: KeyRejectedListener): () => void {
  keyRejectedListeners.add(listener);
  return () => keyRejectedListeners.delete(listener);
}

/**
 * One request to the API on this origin with the stored key as `X-API-Key`; answers the
 * envelope's `data`, or throws an `ApiProblem` (network failures included).
 */
export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  const key = readApiKey();
  if (key) headers['X-API-Key'] = key;
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';

  let response: Response;
  try {
    response = await fetch(withQuery(path, options.query), {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiProblem(
      0,
      'Network error',
      'The API could not be reached: check your connection.',
    );
  }

  if (!response.ok) {
    const problem = await problemFromResponse(response);
    if (response.status === 401 || response.status === 403) {
      forgetApiKey();
      for (const listener of keyRejectedListeners) listener();
    }
    throw problem;
  }
  const body: unknown = await response.json();
  return (isRecord(body) && 'data' in body ? body.data : body) as T;
}

export function withQuery(path: string, query: Record<string, QueryValue> = {}): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(name, String(value));
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}
