// Ported from the Python service's contract tests: peermesh/knowledge-graph-lab,
// tests/publishing/contract/test_publication_status.py. The only adaptation is the API key.
import request from 'supertest';
import { createTestApp, type TestApp } from '../support/test-app';

describe('legacy contract: test_publication_status', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await createTestApp();
  });
  afterAll(() => testApp.close());

  it('a publication that does not exist is not found', async () => {
    const response = await request(testApp.http)
      .get('/api/v1/publications/non-existent-id')
      .set(testApp.auth);

    // The old test accepted 404 or 500 (its service failed on ids that are no UUID); nothing a
    // client sends may answer 5xx here, so only the 404 it meant is accepted.
    expect(response.status).toBe(404);
  });
});
