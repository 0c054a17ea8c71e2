import { PrismaService } from '@publishing/db/nest';
import request from 'supertest';
import {
  insertChannel,
  insertDeliveries,
  insertPublication,
  insertSubscribers,
} from '@publishing/testing';
import { createTestApp, type TestApp } from './support/test-app';

describe('publication deliveries', () => {
  let testApp: TestApp;
  let db: PrismaService;
  beforeAll(async () => {
    testApp = await createTestApp();
    db = testApp.app.get(PrismaService);
  });
  afterAll(() => testApp.close());

  async function publicationWithDeliveries(status: 'failed' | 'cancelled' = 'failed') {
    const channel = await insertChannel(db, { channelType: 'webhook' });
    const [sent, failed, pending] = await insertSubscribers(db, 3);
    const publication = await insertPublication(db, { channelIds: [channel.id], status });
    await insertDeliveries(db, publication, channel, [
      { subscriber: sent!, status: 'sent' },
      { subscriber: failed!, status: 'failed' },
      { subscriber: pending!, status: 'pending' },
    ]);
    return publication;
  }

  it('lists them with counts by status, filtered by status', async () => {
    const publication = await publicationWithDeliveries();

    const all = await request(testApp.http)
      .get(`/api/v1/publications/${publication.id}/deliveries`)
      .set(testApp.auth)
      .expect(200);
    const failed = await request(testApp.http)
      .get(`/api/v1/publications/${publication.id}/deliveries?status=failed`)
      .set(testApp.auth)
      .expect(200);

    expect(all.body.data).toMatchObject({
      total_count: 3,
      counts_by_status: { sent: 1, failed: 1, pending: 1 },
    });
    expect(failed.body.data.deliveries).toHaveLength(1);
    expect(failed.body.data.deliveries[0]).toMatchObject({
      status: 'failed',
      publication_id: publication.id,
    });
  });

  it('retries the failed deliveries only and puts the publication back to processing', async () => {
    const publication = await publicationWithDeliveries();

    const response = await request(testApp.http)
      .post(`/api/v1/publications/${publication.id}/deliveries/retry`)
      .set(testApp.auth)
      .expect(200);

    expect(response.body.data).toEqual({ publication_id: publication.id, retried: 1 });
    const statuses = await db.delivery.groupBy({
      by: ['status'],
      where: { publicationId: publication.id },
      _count: true,
    });
    expect(Object.fromEntries(statuses.map((row) => [row.status, row._count]))).toEqual({
      sent: 1,
      pending: 2,
    });
    expect((await db.publication.findUniqueOrThrow({ where: { id: publication.id } })).status).toBe(
      'processing',
    );
  });

  it('refuses to retry a cancelled publication, 404s an unknown one, 422s a bad status', async () => {
    const cancelled = await publicationWithDeliveries('cancelled');

    await request(testApp.http)
      .post(`/api/v1/publications/${cancelled.id}/deliveries/retry`)
      .set(testApp.auth)
      .expect(409);
    await request(testApp.http)
      .get('/api/v1/publications/00000000-0000-4000-8000-000000000000/deliveries')
      .set(testApp.auth)
      .expect(404);
    const invalid = await request(testApp.http)
      .get(`/api/v1/publications/${cancelled.id}/deliveries?status=lost`)
      .set(testApp.auth)
      .expect(422);
    expect(invalid.body.errors[0].field).toBe('status');
  });

  describe('failure reasons', () => {
    /** A publication whose failed deliveries carry these reasons and errors (and one sent). */
    async function publicationFailing(failures: { reason: string | null; error: string | null }[]) {
      const channel = await insertChannel(db, { channelType: 'webhook' });
      const subscribers = await insertSubscribers(db, failures.length + 1);
      const publication = await insertPublication(db, { channelIds: [channel.id] });
      await insertDeliveries(db, publication, channel, [
        { subscriber: subscribers[0]!, status: 'sent' },
      ]);
      await db.delivery.createMany({
        data: failures.map((failure, index) => ({
          publicationId: publication.id,
          channelId: channel.id,
          subscriberId: subscribers[index + 1]!.id,
          status: 'failed' as const,
          failureReason: failure.reason,
          lastError: failure.error,
        })),
      });
      return publication;
    }

    const reasonsOf = (publicationId: string) =>
      request(testApp.http)
        .get(`/api/v1/publications/${publicationId}/deliveries/failure-reasons`)
        .set(testApp.auth);

    it('groups the failed deliveries by reason, most frequent first, with an example error', async () => {
      const publication = await publicationFailing([
        { reason: 'timeout', error: 'timeout: no answer in 10 s' },
        { reason: 'http_error', error: 'http_error: 502 Bad Gateway' },
        { reason: 'http_error', error: 'http_error: 500 Internal Server Error' },
        { reason: 'http_error', error: 'http_error: 500 Internal Server Error' },
        { reason: null, error: null },
      ]);
      // A failure of another publication is not counted.
      await publicationFailing([{ reason: 'timeout', error: 'elsewhere' }]);

      const response = await reasonsOf(publication.id).expect(200);

      expect(response.body.data).toEqual({
        reasons: [
          {
            failure_reason: 'http_error',
            count: 3,
            example_error: 'http_error: 500 Internal Server Error',
          },
          { failure_reason: 'timeout', count: 1, example_error: 'timeout: no answer in 10 s' },
          { failure_reason: null, count: 1, example_error: null },
        ],
        more_reasons: false,
      });
    });

    it('answers no reasons for a publication without failures', async () => {
      const publication = await publicationFailing([]);

      const response = await reasonsOf(publication.id).expect(200);

      expect(response.body.data).toEqual({ reasons: [], more_reasons: false });
    });

    it('answers at most 50 reasons and says there are more', async () => {
      const publication = await publicationFailing(
        Array.from({ length: 52 }, (_, index) => ({
          reason: `reason_${String(index).padStart(2, '0')}`,
          error: `error ${index}`,
        })),
      );

      const response = await reasonsOf(publication.id).expect(200);

      expect(response.body.data.reasons).toHaveLength(50);
      expect(response.body.data.reasons[0]).toEqual({
        failure_reason: 'reason_00',
        count: 1,
        example_error: 'error 0',
      });
      expect(response.body.data.more_reasons).toBe(true);
    });

    it('404s an unknown publication with a problem', async () => {
      const response = await reasonsOf('00000000-0000-4000-8000-000000000000').expect(404);

      expect(response.headers['content-type']).toBe('application/problem+json');
      expect(response.body.detail).toBe(
        'Publication 00000000-0000-4000-8000-000000000000 not found.',
      );
    });

    it('is documented in OpenAPI', async () => {
      const response = await request(testApp.http).get('/api/v1/openapi.json').expect(200);

      const route = response.body.paths['/api/v1/publications/{id}/deliveries/failure-reasons'];
      expect(route.get.responses).toHaveProperty('200');
      expect(route.get.responses).toHaveProperty('404');
    });
  });
});
