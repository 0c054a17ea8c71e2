import { PrismaService } from '@publishing/db/nest';
import {
  SmtpSink,
  insertAlert,
  insertChannel,
  insertPublication,
  insertSubscriber,
  insertTemplate,
} from '@publishing/testing';
import fc from 'fast-check';
import request from 'supertest';
import { RouteTable, type Endpoint } from '../../src/common/route-table';
import { createTestApp, type TestApp } from '../support/test-app';
import {
  extremeTimestamps,
  invalidUnicode,
  nulls,
  wrongShapes,
  type HostileFamily,
} from './hostile-values';
import { OpenApiShapes, type Fixtures, type OpenApiDocument } from './openapi-shapes';
import { hostileQueryString, malformedIds } from './queries';
import { toJsonText } from './raw-json';
import { unsoundness } from './sound-answer';

/**
 * Properties over every endpoint the application routes (read from its own route table, so a
 * new route is fuzzed without touching this file) and the shapes its OpenAPI document gives.
 * The seed is fixed: a failure names the request, and rerunning reproduces it.
 */
const SEED = 20_261_111;
const FROM = 'news@example.test';
const BODY_RUNS_PER_ROUTE = 7;
const FAMILY_RUNS_PER_ROUTE = 5;
const ID_RUNS_PER_ROUTE = 3;
const QUERY_RUNS_PER_ROUTE = 6;

const WRONG_SHAPES: HostileFamily = { values: wrongShapes };
const INVALID_UNICODE: HostileFamily = {
  values: invalidUnicode,
  aimsAt: (_field, schema) =>
    schema.type === 'string' || (schema.items as { type?: string } | undefined)?.type === 'string',
};
const NULLS: HostileFamily = { values: nulls };
const EXTREME_TIMESTAMPS: HostileFamily = {
  values: extremeTimestamps,
  aimsAt: (field, schema) => schema.format === 'date-time' || /time|date|_at$/.test(field),
};

/** Routes that serve files, not data. */
const STATIC = /^\/api\/v1\/(docs|openapi\.json|docs-yaml)/;

describe('no request breaks the API (property-based)', () => {
  const smtp = new SmtpSink();
  let testApp: TestApp;
  let shapes: OpenApiShapes;
  let fixtures: Fixtures;
  let endpoints: Endpoint[];
  let listRoutes: string[];
  /** GET routes that answer 501 to a plain request: placeholders (`/ws`), whatever the query. */
  let placeholders: Set<string>;

  beforeAll(async () => {
    await smtp.start();
    testApp = await createTestApp({
      // No budget cuts a run short, and sends reach the local SMTP sink: deeper paths get fuzzed.
      RATE_LIMIT_PER_MINUTE: '1000000',
      PUBLIC_LIMIT_PER_MINUTE: '1000000',
      ALLOW_PRIVATE_TARGETS: 'true',
      SMTP_HOST: smtp.host,
      SMTP_PORT: String(smtp.port),
      SMTP_FROM: FROM,
    });
    const db = testApp.app.get(PrismaService);
    const channels = await Promise.all(
      [0, 1].map(() => insertChannel(db, { configuration: smtp.channelConfiguration(FROM) })),
    );
    const subscriber = await insertSubscriber(db);
    const template = await insertTemplate(db, { templateType: 'email' });
    const publication = await insertPublication(db, { channelIds: [channels[0]!.id] });
    const alert = await insertAlert(db, { targetChannels: [channels[0]!.id] });
    fixtures = {
      idsByKind: {
        channel: channels.map((channel) => channel.id),
        subscriber: [subscriber.id],
        template: [template.id],
        publication: [publication.id],
        alert: [alert.id],
      },
    };
    const document = await request(testApp.http).get('/api/v1/openapi.json').expect(200);
    shapes = new OpenApiShapes(document.body as OpenApiDocument);
    endpoints = uniqueEndpoints(testApp.app.get(RouteTable).endpoints()).filter(
      ({ path }) => path.startsWith('/api/v1') && !STATIC.test(path),
    );
    listRoutes = [];
    placeholders = new Set();
    for (const { method, path } of endpoints) {
      if (method !== 'GET' || path.includes(':')) continue;
      const response = await request(testApp.http).get(path).set(testApp.auth);
      if (response.status === 200) listRoutes.push(path);
      if (response.status === 501) placeholders.add(path);
    }
  });
  /** Plausible bodies deactivate and reconfigure the fixtures; each route starts from them intact. */
  async function restoreFixtures() {
    const db = testApp.app.get(PrismaService);
    await db.channel.updateMany({
      where: { id: { in: fixtures.idsByKind.channel! } },
      data: {
        isActive: true,
        channelType: 'email',
        configuration: smtp.channelConfiguration(FROM),
      },
    });
    await db.template.updateMany({
      where: { id: { in: fixtures.idsByKind.template! } },
      data: { isActive: true, templateType: 'email', contentStructure: { text: 'Hello' } },
    });
  }

  afterAll(async () => {
    await testApp?.close();
    await smtp.stop();
  });

  const bodyRoutes = () =>
    endpoints.filter(({ method }) => ['POST', 'PUT', 'PATCH'].includes(method));

  /**
   * Fills each `:param` from `ids`, given the kind of row it names: `channel` for
   * `/channels/:id` and for `:channel_id`.
   */
  const pathFor = (path: string, ids: (kind: string | undefined) => fc.Arbitrary<string>) => {
    const params = [...path.matchAll(/([^/]*)\/:(\w+)/g)].map(([, segment, name]) =>
      ids(kindOf(name === 'id' ? segment! : name!)),
    );
    return fc.tuple(...params).map((chosen) => {
      let next = 0;
      return path.replace(/:\w+/g, () => chosen[next++]!);
    });
  };

  const kindOf = (name: string) =>
    Object.keys(fixtures.idsByKind).find((kind) => name.startsWith(kind));

  const knownId = (kind: string | undefined) =>
    fc.constantFrom(
      ...(kind ? fixtures.idsByKind[kind]! : Object.values(fixtures.idsByKind).flat()),
    );

  async function send(method: string, path: string, body?: unknown) {
    let call = request(testApp.http)[method.toLowerCase() as 'post'](path).set(testApp.auth);
    if (body !== undefined)
      call = call.set('Content-Type', 'application/json').send(toJsonText(body));
    return call;
  }

  /** Failures of this test so far, one per route: every failing route is reported, not the first. */
  let failures: string[] = [];
  beforeEach(() => {
    failures = [];
  });
  const expectNoFailures = () => {
    if (failures.length > 0) throw new Error(failures.join('\n\n'));
  };

  async function check<Ts extends [unknown, ...unknown[]]>(
    label: string,
    property: fc.IAsyncPropertyWithHooks<Ts>,
    numRuns: number,
  ) {
    const result = await fc.check(property, { seed: SEED, numRuns, endOnFailure: true });
    if (result.failed) {
      const shown = (result.counterexample ?? []).map((value) =>
        (typeof value === 'string' ? value : toJsonText(value)).slice(0, 300),
      );
      failures.push(
        `${label} ${shown.join(' with ')}\n→ ${(result.errorInstance as Error)?.message}`,
      );
    }
  }

  /** Every POST/PUT/PATCH route, with bodies whose fields come from `hostile` or are plausible. */
  async function fuzzBodies(family: HostileFamily, runsPerRoute: number) {
    for (const { method, path } of bodyRoutes()) {
      await restoreFixtures();
      const shape = shapes.shapeOf(method, path);
      const ids = (kind: string | undefined) =>
        fc.oneof({ weight: 5, arbitrary: knownId(kind) }, { weight: 1, arbitrary: malformedIds });
      await check(
        method,
        fc.asyncProperty(
          pathFor(path, ids),
          shapes.body(shape.body, family, fixtures),
          async (target, body) => {
            const problem = unsoundness(await send(method, target, body));
            if (problem) throw new Error(problem);
          },
        ),
        runsPerRoute,
      );
    }
    expectNoFailures();
  }

  async function expectListRoutesStillAnswer() {
    expect(listRoutes).toEqual(
      expect.arrayContaining(['/api/v1/channels', '/api/v1/publications', '/api/v1/subscribers']),
    );
    const statuses: Record<string, number> = {};
    for (const path of listRoutes)
      statuses[path] = (await request(testApp.http).get(path).set(testApp.auth)).status;
    expect(statuses).toEqual(Object.fromEntries(listRoutes.map((path) => [path, 200])));
  }

  it('answers wrong types, extreme numbers, huge and nested values and prototype keys without a 5xx', async () => {
    await fuzzBodies(WRONG_SHAPES, BODY_RUNS_PER_ROUTE);
  });

  it('answers malformed ids in every path without a 5xx', async () => {
    for (const { method, path } of endpoints.filter(({ path }) => path.includes(':'))) {
      await check(
        method,
        fc.asyncProperty(
          pathFor(path, () => malformedIds),
          async (target) => {
            const body = ['POST', 'PUT', 'PATCH'].includes(method) ? {} : undefined;
            const problem = unsoundness(await send(method, target, body));
            if (problem) throw new Error(problem);
          },
        ),
        ID_RUNS_PER_ROUTE,
      );
    }
    expectNoFailures();
  });

  it('answers hostile query strings on every GET route without a 5xx', async () => {
    const routes = endpoints.filter(
      ({ method, path }) => method === 'GET' && !placeholders.has(path),
    );
    expect(placeholders).toEqual(new Set(['/api/v1/ws']));
    for (const { path } of routes) {
      const names = shapes.shapeOf('GET', path).query.map(({ name }) => name);
      await check(
        'GET',
        fc.asyncProperty(
          fc.tuple(pathFor(path, knownId), hostileQueryString(names)).map(([p, q]) => `${p}?${q}`),
          async (target) => {
            const problem = unsoundness(await send('GET', target));
            if (problem) throw new Error(problem);
          },
        ),
        QUERY_RUNS_PER_ROUTE,
      );
    }
    expectNoFailures();
  });

  it('still answers 200 on every list route afterwards', async () => {
    await expectListRoutesStillAnswer();
  });

  it('answers invalid Unicode in any field without a 5xx', async () => {
    await fuzzBodies(INVALID_UNICODE, FAMILY_RUNS_PER_ROUTE);
  });

  it('answers null in any field without a 5xx', async () => {
    await fuzzBodies(NULLS, FAMILY_RUNS_PER_ROUTE);
  });

  it('answers extreme and malformed timestamps without a 5xx', async () => {
    await fuzzBodies(EXTREME_TIMESTAMPS, FAMILY_RUNS_PER_ROUTE);
  });

  it('still answers 200 on every list route after the timestamps', async () => {
    await expectListRoutesStillAnswer();
  });
});

/** Express lists a route once per registration; `/health` routes are registered twice. */
function uniqueEndpoints(endpoints: Endpoint[]): Endpoint[] {
  const seen = new Set<string>();
  return endpoints.filter(({ method, path }) => {
    const key = `${method} ${path}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
