import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import request from 'supertest';
import { createTestApp, type TestApp } from './support/test-app';

/** The release version lives in the repository's root package.json, and nowhere else. */
const RELEASE_VERSION = (
  JSON.parse(readFileSync(resolve(__dirname, '../../../package.json'), 'utf8')) as {
    version: string;
  }
).version;

describe('the release version', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await createTestApp();
  });
  afterAll(() => testApp.close());

  it('is a real semantic version', () => {
    expect(RELEASE_VERSION).toMatch(/^\d+\.\d+\.\d+(-[\w.]+)?$/);
    expect(RELEASE_VERSION).not.toBe('0.0.0');
  });

  it('is what /health, /api/v1/ and the OpenAPI document report', async () => {
    const health = await request(testApp.http).get('/health').expect(200);
    const root = await request(testApp.http).get('/api/v1/').set(testApp.auth).expect(200);
    const openapi = await request(testApp.http).get('/api/v1/openapi.json').expect(200);

    expect(health.body.data.version).toBe(RELEASE_VERSION);
    expect(root.body.data.version).toBe(RELEASE_VERSION);
    expect(openapi.body.info.version).toBe(RELEASE_VERSION);
  });
});
