import { expectProblem } from '@publishing/testing';
import request from 'supertest';
import { alertBody } from './factories/alerts';
import { channelInput, createChannel } from './factories/channels';
import { createTestApp, type TestApp } from './support/test-app';

/** Unknown body fields are ignored, as the old service (pydantic) did, and named in meta.warnings. */
describe('unknown body fields', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await createTestApp();
  });
  afterAll(() => testApp.close());

  const api = () => request(testApp.http);

  it("are ignored and listed in meta.warnings (the old alert body's personalization_rules)", async () => {
    const channel = await createChannel(testApp);
    const response = await api()
      .post('/api/v1/alerts')
      .set(testApp.auth)
      .send({ ...alertBody([channel.id]), personalization_rules: { audience: 'all' }, extra: 1 })
      .expect(201);

    expect(response.body.meta.warnings).toEqual([
      "unknown field 'personalization_rules' ignored",
      "unknown field 'extra' ignored",
    ]);
    expect(response.body.data).not.toHaveProperty('personalization_rules');
    expect(response.body.errors).toEqual([]);
  });

  it('are not stored', async () => {
    const response = await api()
      .post('/api/v1/channels')
      .set(testApp.auth)
      .send({ ...channelInput(), id: '00000000-0000-4000-8000-000000000001', created_at: 'x' })
      .expect(201);

    expect(response.body.data.id).not.toBe('00000000-0000-4000-8000-000000000001');
    expect(response.body.meta.warnings).toEqual([
      "unknown field 'id' ignored",
      "unknown field 'created_at' ignored",
    ]);
  });

  it('cannot set what the API decides: a publication is created scheduled whatever status says', async () => {
    const channel = await createChannel(testApp);
    const response = await api()
      .post('/api/v1/publications')
      .set(testApp.auth)
      .send({ channels: [channel.id], publication_type: 'alert', status: 'completed' })
      .expect(201);

    expect(response.body.data.status).toBe('scheduled');
    expect(response.body.meta.warnings).toEqual(["unknown field 'status' ignored"]);
  });

  it('with prototype names are ignored too, without touching any prototype', async () => {
    const input = channelInput();
    const response = await api()
      .post('/api/v1/channels')
      .set(testApp.auth)
      .set('Content-Type', 'application/json')
      .send(
        `{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}, "name": ${JSON.stringify(input.name)}, "channel_type": "rss"}`,
      );

    expect(response.status).toBe(201);
    expect(response.body.data.name).toBe(input.name);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const next = await api().post('/api/v1/channels').set(testApp.auth).send(channelInput());
    expect(next.status).toBe(201);
    expect(next.body.meta).not.toHaveProperty('warnings');
  });

  it('leave no warnings on an answer to a request without them', async () => {
    const response = await api().post('/api/v1/channels').set(testApp.auth).send(channelInput());

    expect(response.status).toBe(201);
    expect(response.body.meta).not.toHaveProperty('warnings');
  });

  it('do not hide invalid known fields: the 422 names those only', async () => {
    const response = await api()
      .post('/api/v1/channels')
      .set(testApp.auth)
      .send({ ...channelInput(), channel_type: 'fax', extra: 1 });

    expectProblem(response, 422, 'channel_type');
    expect(response.body.errors.map((error: { field: string }) => error.field)).toEqual([
      'channel_type',
    ]);
  });

  it('in a query string are still refused with a 422 naming them', async () => {
    expectProblem(await api().get('/api/v1/channels?colour=blue').set(testApp.auth), 422, 'colour');
  });
});
