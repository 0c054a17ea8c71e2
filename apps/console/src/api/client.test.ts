import { describe, expect, it, vi } from 'vitest';
import { data, problem, stubApi } from '../test/fetch-stub';
import { API_KEY_STORAGE_KEY, saveApiKey } from './api-key-store';
import { apiRequest, onKeyRejected } from './client';
import { ApiProblem } from './problem';

describe('apiRequest', () => {
  it('sends the stored key as X-API-Key and answers the envelope data', async () => {
    saveApiKey('pk_test_key');
    const api = stubApi({ 'GET /api/v1/channels': () => data({ channels: [] }) });

    const answer = await apiRequest('/api/v1/channels', { query: { limit: 1, after: undefined } });

    expect(answer).toEqual({ channels: [] });
    const [request] = api.requests;
    expect(request?.headers.get('X-API-Key')).toBe('pk_test_key');
    expect(request?.url.search).toBe('?limit=1');
    expect(request?.url.toString()).not.toContain('pk_test_key');
  });

  it('sends a JSON body with its content type', async () => {
    const api = stubApi({ 'POST /api/v1/publications': () => data({ id: 'p1' }, 201) });

    await apiRequest('/api/v1/publications', { method: 'POST', body: { channels: ['c1'] } });

    expect(api.requests[0]?.headers.get('Content-Type')).toBe('application/json');
    expect(api.requests[0]?.body).toEqual({ channels: ['c1'] });
  });

  it.each([401, 403])('forgets the key and tells the listeners on a %i', async (status) => {
    saveApiKey('pk_revoked');
    stubApi({
      'GET /api/v1/channels': () => problem(status, 'The API key is invalid, expired or revoked.'),
    });
    const rejected = vi.fn();
    const stop = onKeyRejected(rejected);

    await expect(apiRequest('/api/v1/channels')).rejects.toMatchObject({ status });

    expect(sessionStorage.getItem(API_KEY_STORAGE_KEY)).toBeNull();
    expect(rejected).toHaveBeenCalledTimes(1);
    stop();
  });

  it('keeps the key on other problems and surfaces detail and field errors', async () => {
    saveApiKey('pk_good');
    stubApi({
      'POST /api/v1/publications': () =>
        problem(422, 'Request validation failed: channels must contain at least 1 elements.', [
          { field: 'channels', message: 'must contain at least 1 elements' },
          { field: 'channels[2]', message: 'is inactive' },
          { field: 'scheduled_time', message: 'must be in the future' },
        ]),
    });
    const rejected = vi.fn();
    const stop = onKeyRejected(rejected);

    const error = await apiRequest('/api/v1/publications', { method: 'POST', body: {} }).catch(
      (caught: unknown) => caught,
    );

    expect(error).toBeInstanceOf(ApiProblem);
    const problemAnswer = error as ApiProblem;
    expect(problemAnswer.status).toBe(422);
    expect(problemAnswer.detail).toBe(
      'Request validation failed: channels must contain at least 1 elements.',
    );
    expect(problemAnswer.messagesFor('channels')).toEqual([
      'channels must contain at least 1 elements',
      'channels[2] is inactive',
    ]);
    expect(problemAnswer.messagesFor('scheduled_time')).toEqual([
      'scheduled_time must be in the future',
    ]);
    expect(sessionStorage.getItem(API_KEY_STORAGE_KEY)).toBe('pk_good');
    expect(rejected).not.toHaveBeenCalled();
    stop();
  });

  it('turns a network failure into a problem that says so', async () => {
    vi.stubGlobal('fetch', vi.fn().mockRejectedValue(new TypeError('fetch failed')));

    await expect(apiRequest('/api/v1/channels')).rejects.toMatchObject({
      status: 0,
      detail: 'The API could not be reached: check your connection.',
    });
  });

  it('explains an error answer that is not problem+json by its status', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn().mockResolvedValue(new Response('<html>bad gateway</html>', { status: 502 })),
    );

    await expect(apiRequest('/api/v1/channels')).rejects.toMatchObject({
      status: 502,
      detail: expect.stringMatching(/^The API answered 502/) as unknown as string,
    });
  });
});
