import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '@publishing/db/testing';
import { expectProblem } from '@publishing/testing';
import request from 'supertest';
import { startApiProcess, type ApiProcess } from './support/api-process';
import { directivesOf } from './support/csp-directives';
import { createTestApp, type TestApp } from './support/test-app';

/** What Vite writes for `base: '/console/'`: a module script and a stylesheet, both hashed files. */
const INDEX_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Publishing console</title>
<script type="module" crossorigin src="/console/assets/app-abc123.js"></script>
<link rel="stylesheet" crossorigin href="/console/assets/app-def456.css">
</head><body><div id="app"></div></body></html>`;
const APP_JS = 'fetch("/api/v1/publications");';

const OUTSIDE = '{ "name": "outside-the-build" }';

/**
 * A build at <tmp>/app/console/dist, with a file every `..` level above it names: a path that
 * escaped the build would find one.
 */
function consoleFixture(): { root: string; dir: string } {
  const root = mkdtempSync(join(tmpdir(), 'console-fixture-'));
  const dir = join(root, 'app', 'console', 'dist');
  mkdirSync(join(dir, 'assets'), { recursive: true });
  for (const level of [root, join(root, 'app'), join(root, 'app', 'console')])
    writeFileSync(join(level, 'package.json'), OUTSIDE);
  writeFileSync(join(dir, 'index.html'), INDEX_HTML);
  writeFileSync(join(dir, 'assets', 'app-abc123.js'), APP_JS);
  writeFileSync(join(dir, 'assets', 'app-def456.css'), 'body { margin: 0 }');
  writeFileSync(join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  return { root, dir };
}

describe('the console at /console', () => {
  let testApp: TestApp;
  let fixture: { root: string; dir: string };
  beforeAll(async () => {
    fixture = consoleFixture();
    testApp = await createTestApp({ CONSOLE_DIR: fixture.dir });
  });
  afterAll(async () => {
    await testApp.close();
    rmSync(fixture.root, { recursive: true, force: true });
  });

  it('serves index.html at /console/, revalidated on every load, without an API key', async () => {
    const response = await request(testApp.http).get('/console/').expect(200);

    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.headers['cache-control']).toBe('no-cache');
    expect(response.headers['x-correlation-id']).toEqual(expect.any(String));
    expect(response.text).toBe(INDEX_HTML);
  });

  it('redirects /console to /console/, keeping the query', async () => {
    await request(testApp.http).get('/console').expect(301).expect('Location', '/console/');
    await request(testApp.http)
      .get('/console?tab=1')
      .expect(301)
      .expect('Location', '/console/?tab=1');
  });

  it.each(['/console/publications', '/console/publications/0b6b0b7e-6c7a-4d0e-9a77-1f0c7e4c2b11'])(
    'answers index.html for the client-side route %s',
    async (path) => {
      const response = await request(testApp.http).get(path).expect(200);
      expect(response.headers['content-type']).toMatch(/^text\/html/);
      expect(response.headers['cache-control']).toBe('no-cache');
      expect(response.text).toBe(INDEX_HTML);
    },
  );

  it('serves hashed assets as immutable for a year', async () => {
    const response = await request(testApp.http).get('/console/assets/app-abc123.js').expect(200);

    expect(response.headers['content-type']).toMatch(/^(text|application)\/javascript/);
    expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(response.text).toBe(APP_JS);
  });

  it('serves other files of the build, revalidated', async () => {
    const response = await request(testApp.http).get('/console/favicon.svg').expect(200);
    expect(response.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(response.headers['cache-control']).toBe('no-cache');
  });

  it('answers a missing asset with a 404 problem, not the page', async () => {
    const response = await request(testApp.http).get('/console/assets/app-000000.js');

    expectProblem(response, 404);
    expect(response.body).toMatchObject({ detail: expect.stringContaining('app-000000.js') });
    expect(response.headers['cache-control']).toBeUndefined();
  });

  it('answers HEAD like GET, without a body', async () => {
    const page = await request(testApp.http).head('/console/').expect(200);
    const asset = await request(testApp.http).head('/console/assets/app-abc123.js').expect(200);
    const route = await request(testApp.http).head('/console/channels').expect(200);

    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['content-length']).toBe(String(Buffer.byteLength(INDEX_HTML)));
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(route.headers['cache-control']).toBe('no-cache');
    expect(page.text ?? '').toBe('');
  });

  it('leaves methods other than GET and HEAD to the API (a problem, no page)', async () => {
    const response = await request(testApp.http).post('/console/').send({});
    expect(response.headers['content-type']).toBe('application/problem+json');
    expect([404, 405]).toContain(response.status);
  });

  it.each([
    '/console/..%2f..%2fpackage.json',
    '/console/..%2F..%2F..%2F..%2Fpackage.json',
    '/console/%2e%2e/%2e%2e/package.json',
    '/console/%2e%2e%2f%2e%2e%2fpackage.json',
    '/console/..%5c..%5cpackage.json',
    '/console/assets/..%2f..%2f..%2fpackage.json',
    '/console/assets/%2e%2e/index.html',
    '/console/%252e%252e%252fpackage.json',
    '/console/assets/..%2f..%2f..%2f..%2f..%2f..%2f..%2f..%2fetc%2fpasswd',
  ])('never serves a file outside the build for %s', async (path) => {
    const response = await request(testApp.http).get(path);

    expect(response.text).not.toContain('outside-the-build');
    expect(response.text).not.toContain('root:');
    if (response.status === 200) expect(response.text).toBe(INDEX_HTML);
    else expectProblem(response, response.status);
  });

  it('serves the page under a CSP that allows what it loads and the API it calls', async () => {
    const page = await request(testApp.http).get('/console/').expect(200);
    const csp = directivesOf(page.headers['content-security-policy']);

    expect(csp.get('default-src')).toEqual(["'self'"]);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    // fetch() falls back to default-src ('self': the API is this origin).
    expect(csp.get('connect-src') ?? csp.get('default-src')).toEqual(["'self'"]);
    // uPlot and Preact set element styles from script; the stylesheet is a file of this origin.
    expect(csp.get('style-src')).toContain("'self'");
    expect(csp.get('img-src')).toEqual(expect.arrayContaining(["'self'", 'data:']));
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'self'"]);
    // script-src 'self' forbids inline scripts: every script the page runs is a file of this origin.
    expect(page.text).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    const assets = [...page.text.matchAll(/\b(?:src|href)=["']([^"']+)["']/g)].map((m) => m[1]!);
    expect(assets).toHaveLength(2);
    for (const asset of assets) {
      const url = new URL(asset, 'http://localhost/console/');
      expect(url.origin).toBe('http://localhost');
      const response = await request(testApp.http).get(url.pathname).expect(200);
      expect(response.headers['x-content-type-options']).toBe('nosniff');
    }
  });

  it('keeps the API key guard on /api/v1', async () => {
    const response = await request(testApp.http).get('/api/v1/publications');
    expectProblem(response, 401);
  });
});

describe('the console without a build', () => {
  let testApp: TestApp;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'console-unbuilt-'));
    testApp = await createTestApp({ CONSOLE_DIR: dir });
  });
  afterAll(async () => {
    await testApp.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each(['/console/', '/console/publications'])(
    'answers %s with a 404 problem naming the build command',
    async (path) => {
      const response = await request(testApp.http).get(path);

      expectProblem(response, 404);
      expect(response.body).toMatchObject({
        detail: expect.stringContaining('pnpm --filter @publishing/console build'),
      });
    },
  );

  it('starts serving once the build appears, without a restart', async () => {
    writeFileSync(join(dir, 'index.html'), INDEX_HTML);
    const response = await request(testApp.http).get('/console/').expect(200);
    expect(response.text).toBe(INDEX_HTML);
  });
});

describe('the built API without a console build', () => {
  let database: TestDatabase;
  let api: ApiProcess;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'console-unbuilt-'));
    database = await createTestDatabase();
    api = await startApiProcess({ DATABASE_URL: database.url, CONSOLE_DIR: dir });
  });
  afterAll(async () => {
    await api?.stop();
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts, warning once that the console is not built and how to build it', () => {
    const warnings = api
      .lines()
      .filter((line) => line.level === 'warn' && line.msg.includes('console'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.msg).toContain('pnpm --filter @publishing/console build');
    expect(warnings[0]!.msg).toContain(dir);
  });

  it('logs console requests like any other, with their correlation id', async () => {
    const id = `corr-${randomUUID()}`;
    const response = await fetch(`${api.baseUrl}/console/publications`, {
      headers: { 'X-Correlation-ID': id },
    });

    expect(response.status).toBe(404);
    expect(response.headers.get('x-correlation-id')).toBe(id);
    expect(
      await api.waitForLine(
        `for request ${id}`,
        (line) => line.correlation_id === id && line.msg.startsWith('request '),
      ),
    ).toMatchObject({ method: 'GET', status: 404 });
  });
});
