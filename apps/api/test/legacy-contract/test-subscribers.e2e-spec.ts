// Ported from the Python service's contract tests: peermesh/knowledge-graph-lab,
// tests/publishing/contract/test_subscribers.py. The only adaptation is the API key.
import request from 'supertest';
import { createTestApp, type TestApp } from '../support/test-app';

describe('legacy contract: test_subscribers', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await createTestApp();
  });
  afterAll(() => testApp.close());

  it('lists subscribers', async () => {
    const response = await request(testApp.http).get('/api/v1/subscribers').set(testApp.auth);

    // The old test also accepted 404 while the route was "not implemented yet"; it is now.
    expect(response.status).toBe(200);
  });
});
