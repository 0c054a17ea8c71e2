// Ported from the Python service's contract tests: peermesh/knowledge-graph-lab,
// modules/standalone/publishing/tests/publishing/contract/test_analytics.py. There it is a
// skipped placeholder named "analytics contract endpoints exist" asserting nothing; here it
// checks what its name says, for every analytics route of the old contract (legacy-api.md).
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { createTestApp, type TestApp } from '../support/test-app';

describe('legacy contract: test_analytics', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await createTestApp();
  });
  afterAll(() => testApp.close());

  it('analytics contract endpoints exist', async () => {
    const api = () => request(testApp.http);
    const publicationId = randomUUID();

    await api().get('/api/v1/analytics/engagement').set(testApp.auth).expect(200);
    await api()
      .get(`/api/v1/analytics/engagement/channel/${randomUUID()}`)
      .set(testApp.auth)
      .expect(200);
    await api().get('/api/v1/analytics/performance').set(testApp.auth).expect(200);
    const openPixel = `/api/v1/analytics/engagement/track/open?publication_id=${publicationId}`;
    for (const open of [await api().get(openPixel), await api().post(openPixel)]) {
      expect(open.status).toBe(200);
      expect(open.headers['content-type']).toBe('image/gif');
    }
  });
});
