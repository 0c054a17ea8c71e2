import request from 'supertest';
import { createTestApp, type TestApp } from './support/test-app';

describe('GET /api/v1/', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await createTestApp();
  });
  afterAll(() => testApp.close());

  it("keeps the old service's name, version, description and links to health and docs", async () => {
    const response = await request(testApp.http).get('/api/v1/').set(testApp.auth).expect(200);

    expect(response.body.data).toMatchObject({
      name: expect.any(String),
      version: expect.any(String),
      description: expect.any(String),
      health: '/health',
      docs: '/api/v1/docs',
      links: { health: '/health', docs: '/api/v1/docs', openapi: '/api/v1/openapi.json' },
    });
    await request(testApp.http).get(response.body.data.health).expect(200);
    await request(testApp.http).get(response.body.data.docs).expect(200);
  });
});
