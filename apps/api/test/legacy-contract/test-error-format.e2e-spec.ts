// Ported from the Python service's contract tests: peermesh/knowledge-graph-lab,
// tests/publishing/contract/test_error_format.py (RFC 7807 error format). Same requests, same
// assertions; the only adaptation is the API key every request now carries.
import { uniqueName } from '@publishing/testing';
import request from 'supertest';
import { createTestApp, type TestApp } from '../support/test-app';

describe('legacy contract: test_error_format', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await createTestApp();
  });
  afterAll(() => testApp.close());

  const get = (path: string) => request(testApp.http).get(path).set(testApp.auth);
  const post = (path: string, body: object) =>
    request(testApp.http).post(path).set(testApp.auth).send(body);

  it('404 errors return RFC 7807 problem details', async () => {
    const response = await get('/api/v1/nonexistent');

    expect(response.status).toBe(404);
    expect(response.headers['content-type']).toBe('application/problem+json');
    const error = response.body as Record<string, unknown>;
    for (const key of ['type', 'title', 'status', 'detail', 'instance'])
      expect(error).toHaveProperty(key);
    expect(error.status).toBe(404);
    expect(error.title).toBe('Not Found');
    expect(error.type).toContain('httpstatuses.com/404');
    expect(error.instance).toContain('/api/v1/nonexistent');
  });

  it('400 errors (or 422 for validation) return RFC 7807 problem details', async () => {
    const response = await post('/api/v1/publications', { invalid: 'data' });

    expect([400, 422]).toContain(response.status);
    expect(response.headers['content-type']).toBe('application/problem+json');
    const error = response.body as Record<string, unknown>;
    expect([400, 422]).toContain(error.status);
    for (const key of ['type', 'title', 'detail', 'instance']) expect(error).toHaveProperty(key);
  });

  it('409 errors return RFC 7807 problem details', async () => {
    // The Python test used the fixed name "test-channel-409" in a shared SQLite file; each run
    // here has its own database, a unique name keeps the test independent of the others anyway.
    const channel = {
      name: uniqueName('test-channel-409'),
      channel_type: 'email',
      configuration: {},
      is_active: true,
    };
    await post('/api/v1/channels', channel);

    const duplicate = await post('/api/v1/channels', channel);

    expect(duplicate.status).toBe(409);
    expect(duplicate.headers['content-type']).toBe('application/problem+json');
    const error = duplicate.body as Record<string, unknown>;
    expect(error.status).toBe(409);
    expect(error.title).toBe('Conflict');
    for (const key of ['type', 'detail', 'instance']) expect(error).toHaveProperty(key);
    expect(error.type).toContain('httpstatuses.com/409');
  });

  it('error responses carry the trace id of X-Correlation-ID', async () => {
    const response = await get('/api/v1/nonexistent');

    expect(response.status).toBe(404);
    expect(response.headers).toHaveProperty('x-correlation-id');
    // Optional in the old test ("if implemented"); always there now.
    expect(response.body.traceId).toBe(response.headers['x-correlation-id']);
  });

  it('every error response has the Content-Type application/problem+json', async () => {
    const notFound = await get('/api/v1/nonexistent');
    expect(notFound.headers['content-type']).toBe('application/problem+json');

    const invalid = await post('/api/v1/publications', {});
    expect(invalid.headers['content-type']).toBe('application/problem+json');
  });

  it('error responses contain every required RFC 7807 field, with its type', async () => {
    const error = (await get('/api/v1/nonexistent')).body as Record<string, unknown>;

    for (const key of ['type', 'title', 'status', 'detail', 'instance'])
      expect(error).toHaveProperty(key);
    expect(typeof error.type).toBe('string');
    expect(typeof error.title).toBe('string');
    expect(Number.isInteger(error.status)).toBe(true);
    expect(typeof error.detail).toBe('string');
    expect(typeof error.instance).toBe('string');
  });

  it('error type URIs are http(s) URIs on httpstatuses.com for the standard statuses', async () => {
    const error = (await get('/api/v1/nonexistent')).body as { type: string; status: number };

    expect(error.type).toMatch(/^https?:\/\//);
    expect([400, 401, 403, 404, 409, 422, 500, 503]).toContain(error.status);
    expect(
      error.type.includes('httpstatuses.com') || error.type.includes('api.knowledge-graph-lab.com'),
    ).toBe(true);
  });
});
