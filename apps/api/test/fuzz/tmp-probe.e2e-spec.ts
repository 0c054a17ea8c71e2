import { PrismaService } from '@publishing/db/nest';
import { insertChannel } from '@publishing/testing';
import request from 'supertest';
import { createTestApp } from '../support/test-app';
it('probe', async () => {
  const t = await createTestApp();
  const ch = await insertChannel(t.app.get(PrismaService));
  const a = await request(t.http)
    .post('/api/v1/publications')
    .set(t.auth)
    .send({
      channels: [ch.id],
      publication_type: 'newsletter',
      scheduled_time: '9999-12-31T23:59:59-23:59',
    });
  console.log(a.status, a.text.slice(0, 300));
  const b = await request(t.http)
    .post('/api/v1/alerts')
    .set(t.auth)
    .send({ content_id: ch.id, target_channels: [ch.id], priority: null });
  console.log(b.status, b.text.slice(0, 300));
  const l = await request(t.http).get('/api/v1/publications').set(t.auth);
  console.log(l.status);
  const doc = await request(t.http).get('/api/v1/openapi.json');
  console.log(
    JSON.stringify(doc.body.paths['/api/v1/alerts'].post.requestBody),
    JSON.stringify(doc.body.components.schemas.CreateAlertDto),
  );
  await t.close();
});
