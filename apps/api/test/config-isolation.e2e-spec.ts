import { ConfigService } from '@nestjs/config';
import request from 'supertest';
import type { ApiConfig } from '../src/config/app-config';
import { createTestApp, type TestApp } from './support/test-app';

/**
 * Test files build several apps in one jest worker, each with its own settings: none may see
 * another's, nor anything in `process.env`, and none may write there.
 */
describe('configuration isolation between apps in one process', () => {
  const processEnvBefore = { ...process.env };
  let first: TestApp;
  let second: TestApp;
  beforeAll(async () => {
    [first, second] = await Promise.all([
      createTestApp({
        ALLOWED_HOSTS: 'first.example',
        API_BASE_URL: 'https://first.example',
        RATE_LIMIT_PER_MINUTE: '7',
        SMTP_HOST: 'smtp.first.example',
        SMTP_FROM: 'news@first.example',
      }),
      createTestApp({ ALLOWED_HOSTS: 'second.example', API_BASE_URL: 'https://second.example' }),
    ]);
  });
  afterAll(() => Promise.all([first?.close(), second?.close()]));

  const settingsOf = (testApp: TestApp) => {
    const config = testApp.app.get<ConfigService<ApiConfig, true>>(ConfigService);
    return {
      API_BASE_URL: config.get('API_BASE_URL', { infer: true }),
      RATE_LIMIT_PER_MINUTE: config.get('RATE_LIMIT_PER_MINUTE', { infer: true }),
      SMTP_HOST: config.get('SMTP_HOST', { infer: true }),
      DATABASE_URL: config.get('DATABASE_URL', { infer: true }),
    };
  };

  it('gives each app its own settings through ConfigService', () => {
    expect(settingsOf(first)).toEqual({
      API_BASE_URL: 'https://first.example',
      RATE_LIMIT_PER_MINUTE: 7,
      SMTP_HOST: 'smtp.first.example',
      DATABASE_URL: first.database.url,
    });
    expect(settingsOf(second)).toEqual({
      API_BASE_URL: 'https://second.example',
      RATE_LIMIT_PER_MINUTE: 600,
      SMTP_HOST: undefined,
      DATABASE_URL: second.database.url,
    });
  });

  it('applies each app its own settings over HTTP', async () => {
    await request(first.http).get('/health/live').set('Host', 'first.example').expect(200);
    await request(first.http).get('/health/live').set('Host', 'second.example').expect(400);
    await request(second.http).get('/health/live').set('Host', 'second.example').expect(200);
    await request(second.http).get('/health/live').set('Host', 'first.example').expect(400);
  });

  it('never falls back to process.env for a variable the app was not given', async () => {
    const original = process.env.SMTP_HOST;
    process.env.SMTP_HOST = 'smtp.from-process-env.example';
    try {
      const status = await request(second.http)
        .get('/api/v1/email/status')
        .set('Host', 'second.example')
        .set(second.auth)
        .expect(200);

      expect(status.body.data.configured).toBe(false);
      expect(settingsOf(second).SMTP_HOST).toBeUndefined();
    } finally {
      if (original === undefined) delete process.env.SMTP_HOST;
      else process.env.SMTP_HOST = original;
    }
  });

  it('leaves process.env as it was', () => {
    expect({ ...process.env }).toEqual(processEnvBefore);
  });
});
