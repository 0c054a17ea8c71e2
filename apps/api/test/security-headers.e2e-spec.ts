import request from 'supertest';
import { directivesOf } from './support/csp-directives';
import { createTestApp, type TestApp } from './support/test-app';

describe('security headers', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await createTestApp({ CORS_ORIGINS: 'https://app.example' });
  });
  afterAll(() => testApp.close());

  it('sends the usual safe headers and no X-Powered-By, on answers and on errors', async () => {
    const answers = [
      await request(testApp.http).get('/health/live').expect(200),
      await request(testApp.http).get('/api/v1/channels').expect(401),
      await request(testApp.http).get('/api/v1/no-such-route').expect(404),
    ];

    for (const response of answers) {
      expect(response.headers['x-powered-by']).toBeUndefined();
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(response.headers['referrer-policy']).toBe('no-referrer');
      expect(response.headers['strict-transport-security']).toMatch(/^max-age=\d+/);
      expect(directivesOf(response.headers['content-security-policy']).get('object-src')).toEqual([
        "'none'",
      ]);
    }
  });

  it('lets webmail load the open-tracking pixel from another origin', async () => {
    const response = await request(testApp.http)
      .get('/api/v1/analytics/engagement/track/open')
      .query({ publication_id: '00000000-0000-4000-8000-000000000000' });

    expect(response.headers['content-type']).toMatch(/^image\/gif/);
    expect(response.headers['cross-origin-resource-policy']).toBe('cross-origin');
  });

  it('keeps CORS as configured, preflight included', async () => {
    const preflight = await request(testApp.http)
      .options('/api/v1/channels')
      .set('Origin', 'https://app.example')
      .set('Access-Control-Request-Method', 'POST')
      .set('Access-Control-Request-Headers', 'authorization,content-type')
      .expect(204);
    const other = await request(testApp.http)
      .get('/health/live')
      .set('Origin', 'https://evil.example')
      .expect(200);

    expect(preflight.headers['access-control-allow-origin']).toBe('https://app.example');
    expect(preflight.headers['access-control-allow-credentials']).toBe('true');
    expect(preflight.headers['access-control-allow-methods']).toContain('POST');
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('serves the docs page under a CSP that allows everything it loads', async () => {
    const page = await request(testApp.http).get('/api/v1/docs').redirects(1).expect(200);
    const csp = directivesOf(page.headers['content-security-policy']);
    const html = page.text;

    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.has('upgrade-insecure-requests')).toBe(false);
    // script-src 'self' forbids inline scripts: every script the page runs is a file of this origin.
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    const scripts = [...html.matchAll(/<script[^>]*\bsrc=["']([^"']+)["']/g)].map((m) => m[1]!);
    const styles = [...html.matchAll(/<link[^>]*\bhref=["']([^"']+\.css)["']/g)].map((m) => m[1]!);
    expect(scripts).toEqual(
      expect.arrayContaining([expect.stringMatching(/swagger-ui-bundle\.js$/)]),
    );
    expect(styles.length).toBeGreaterThan(0);
    for (const asset of [...scripts, ...styles]) {
      const url = new URL(asset, 'http://localhost/api/v1/docs/');
      expect(url.origin).toBe('http://localhost');
      const response = await request(testApp.http).get(url.pathname).expect(200);
      expect(response.headers['content-type']).toMatch(
        asset.endsWith('.css') ? /^text\/css/ : /javascript/,
      );
      expect(response.headers['x-content-type-options']).toBe('nosniff');
    }
    const init = await request(testApp.http).get('/api/v1/docs/swagger-ui-init.js').expect(200);
    expect(init.text).toContain('SwaggerUIBundle');
  });
});
