// Ported from the Python service's contract tests: peermesh/knowledge-graph-lab,
// modules/standalone/publishing/tests/publishing/contract/test_alerts.py. There it is a skipped
// placeholder ("pending alerts contract test impl") asserting nothing; here it checks the alerts
// contract the old service documented (legacy-api.md): POST /alerts with the old body, including
// the `personalization_rules` its clients send, queues an alert that GET /alerts/{id} answers.
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { createChannel } from '../factories/channels';
import { createTestApp, type TestApp } from '../support/test-app';

describe('legacy contract: test_alerts', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await createTestApp();
  });
  afterAll(() => testApp.close());

  it('alerts contract', async () => {
    const channel = await createChannel(testApp);
    const body = {
      content_id: randomUUID(),
      target_channels: [channel.id],
      priority: 'critical',
      personalization_rules: { audience: 'all' },
    };

    // Creates answered 200 in the old service, a listed bug: 201 now.
    const created = await request(testApp.http)
      .post('/api/v1/alerts')
      .set(testApp.auth)
      .send(body)
      .expect(201);

    expect(created.body.data).toMatchObject({
      content_id: body.content_id,
      target_channels: [channel.id],
      priority: 'critical',
      status: 'queued',
    });
    const fetched = await request(testApp.http)
      .get(`/api/v1/alerts/${created.body.data.id}`)
      .set(testApp.auth)
      .expect(200);
    expect(fetched.body.data.id).toBe(created.body.data.id);
  });
});
