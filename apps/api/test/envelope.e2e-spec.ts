import { randomUUID } from 'node:crypto';
import { openPixelUrl } from '@publishing/templating';
import request from 'supertest';
import { createTestApp, type TestApp } from './support/test-app';

describe('the response envelope', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await createTestApp();
  });
  afterAll(() => testApp.close());

  it('wraps a JSON result in {data, meta: {timestamp, request_id}, errors: []}', async () => {
    const response = await request(testApp.http)
      .get('/api/v1/')
      .set(testApp.auth)
      .set('X-Correlation-ID', 'envelope-test-1')
      .expect(200);

    expect(Object.keys(response.body)).toEqual(['data', 'meta', 'errors']);
    expect(response.body.meta).toEqual({
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      request_id: 'envelope-test-1',
    });
    expect(response.body.errors).toEqual([]);
  });

  it('leaves errors to the problem+json filter', async () => {
    const response = await request(testApp.http).get('/api/v1/').expect(401);

    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).not.toHaveProperty('data');
  });

  it('leaves a raw response alone (the open pixel is a GIF)', async () => {
    const links = {
      apiBaseUrl: testApp.config.API_BASE_URL,
      signingSecret: testApp.config.SIGNING_SECRET,
    };
    const url = new URL(
      openPixelUrl(links, {
        publicationId: randomUUID(),
        channelId: randomUUID(),
        subscriberId: randomUUID(),
      }),
    );
    const response = await request(testApp.http).get(`${url.pathname}${url.search}`).expect(200);

    expect(response.headers['content-type']).toBe('image/gif');
    expect(response.headers['content-length']).toBe('43');
  });
});
