import { PrismaService } from '@publishing/db/nest';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPublication } from './factories/publications';
import { createTemplate, emailTemplateBody } from './factories/templates';
import { createTestApp, type TestApp } from './support/test-app';

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

function expectProblem(response: request.Response, status: number, field?: string): void {
  expect(response.status).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(response.body).toMatchObject({ status, instance: expect.stringMatching(/^\/api\/v1\//) });
  if (field) {
    expect(response.body.errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ field })]),
    );
  }
}

describe('templates', () => {
  let testApp: TestApp;
  let db: PrismaService;
  const api = () => request(testApp.http);

  beforeAll(async () => {
    testApp = await createTestApp();
    db = testApp.app.get(PrismaService);
  });
  afterAll(() => testApp.close());

  async function createViaApi(overrides: Record<string, unknown> = {}) {
    const response = await api()
      .post('/api/v1/templates')
      .set(testApp.auth)
      .send(emailTemplateBody(overrides))
      .expect(201);
    return response.body.data as { id: string; [key: string]: unknown };
  }

  it('refuses requests without an API key', async () => {
    expectProblem(await api().get('/api/v1/templates'), 401);
    expectProblem(await api().post('/api/v1/templates').send(emailTemplateBody()), 401);
  });

  describe('create', () => {
    it('answers 201 with the stored template and its defaults', async () => {
      const body = emailTemplateBody({ formatting_rules: { font: 'serif' } });
      const response = await api()
        .post('/api/v1/templates')
        .set(testApp.auth)
        .send(body)
        .expect(201);

      expect(response.body).toMatchObject({
        data: {
          id: expect.stringMatching(/^[0-9a-f-]{36}$/),
          name: body.name,
          template_type: 'email',
          content_structure: body.content_structure,
          formatting_rules: { font: 'serif' },
          branding_elements: {},
          variable_definitions: body.variable_definitions,
          usage_count: 0,
          is_active: true,
          created_at: expect.any(String),
          updated_at: expect.any(String),
        },
        errors: [],
      });
      const row = await db.template.findUniqueOrThrow({ where: { id: response.body.data.id } });
      expect(row.contentStructure).toEqual(body.content_structure);
    });

    it('accepts each type with the parts it needs', async () => {
      const bodies = [
        { template_type: 'slack', content_structure: { text: 'New post' } },
        { template_type: 'discord', content_structure: { text: 'New post' } },
        { template_type: 'webhook', content_structure: { payload: { event: 'published' } } },
        { template_type: 'email', content_structure: { subject: 'S', body_text: 'plain only' } },
      ];
      for (const body of bodies) {
        await api()
          .post('/api/v1/templates')
          .set(testApp.auth)
          .send({ name: 'typed', variable_definitions: {}, ...body })
          .expect(201);
      }
    });

    it.each([
      [{ name: '' }, 'name'],
      [{ name: 'x'.repeat(201) }, 'name'],
      [{ template_type: 'rss' }, 'template_type'],
      [{ content_structure: 'subject' }, 'content_structure'],
      [{ is_active: 'yes' }, 'is_active'],
      [{ unexpected: true }, 'unexpected'],
    ])('refuses an invalid body %j with a 422 naming %s', async (overrides, field) => {
      expectProblem(
        await api().post('/api/v1/templates').set(testApp.auth).send(emailTemplateBody(overrides)),
        422,
        field,
      );
    });

    it.each([
      ['email', { body_html: '<p>x</p>' }, 'content_structure.subject'],
      ['email', { subject: 'S' }, 'content_structure.body_html'],
      ['email', { subject: 'S', body_html: 42 }, 'content_structure.body_html'],
      ['slack', { title: 'no text' }, 'content_structure.text'],
      ['discord', { text: '' }, 'content_structure.text'],
      ['webhook', { payload: ['not', 'an', 'object'] }, 'content_structure.payload'],
    ])(
      'refuses a %s template whose content_structure is %j, naming %s',
      async (type, content, field) => {
        const response = await api()
          .post('/api/v1/templates')
          .set(testApp.auth)
          .send({ name: 'bad', template_type: type, content_structure: content });

        expectProblem(response, 422, field);
        expect(response.body.detail).toContain(field);
      },
    );

    it.each([
      [{ first_name: { type: 'date' } }, 'variable_definitions.first_name.type'],
      [{ first_name: 'string' }, 'variable_definitions.first_name'],
      [{ first_name: { type: 'string', default: 7 } }, 'variable_definitions.first_name.default'],
      [
        { first_name: { type: 'string', required: 'yes' } },
        'variable_definitions.first_name.required',
      ],
      [
        { first_name: { type: 'string', requried: true } },
        'variable_definitions.first_name.requried',
      ],
      [{ 'first-name': { type: 'string' } }, 'variable_definitions.first-name'],
    ])('refuses variable_definitions %j, naming %s', async (definitions, field) => {
      const response = await api()
        .post('/api/v1/templates')
        .set(testApp.auth)
        .send({
          name: 'vars',
          template_type: 'slack',
          content_structure: { text: 'static' },
          variable_definitions: definitions,
        });

      expectProblem(response, 422, field);
    });

    it('refuses a placeholder that variable_definitions does not declare, naming it', async () => {
      const response = await api()
        .post('/api/v1/templates')
        .set(testApp.auth)
        .send(
          emailTemplateBody({
            content_structure: {
              subject: 'Hi {{ first_name }}',
              body_html: '<p>{{ unsubscribe_url }}</p>',
            },
            variable_definitions: { first_name: { type: 'string' } },
          }),
        );

      expectProblem(response, 422, 'variable_definitions.unsubscribe_url');
      expect(response.body.detail).toContain('unsubscribe_url');
      expect(response.body.errors).toEqual([
        {
          field: 'variable_definitions.unsubscribe_url',
          message: 'is used in content_structure.body_html but not declared',
        },
      ]);
    });

    it('checks placeholders anywhere in a webhook payload, and refuses engine expressions', async () => {
      const nested = await api()
        .post('/api/v1/templates')
        .set(testApp.auth)
        .send({
          name: 'hook',
          template_type: 'webhook',
          content_structure: { payload: { items: [{ title: '{{ headline }}' }] } },
        });
      expectProblem(nested, 422, 'variable_definitions.headline');
      expect(nested.body.detail).toContain('content_structure.payload.items[0].title');

      const expression = await api()
        .post('/api/v1/templates')
        .set(testApp.auth)
        .send({
          name: 'liquid',
          template_type: 'slack',
          content_structure: { text: '{{ user.name | upcase }}' },
        });
      expectProblem(expression, 422, 'content_structure.text');
    });

    it('does not mistake inherited object properties for declared variables', async () => {
      const response = await api()
        .post('/api/v1/templates')
        .set(testApp.auth)
        .send({
          name: 'proto',
          template_type: 'slack',
          content_structure: { text: '{{ constructor }} {{ toString }}' },
        });

      expectProblem(response, 422, 'variable_definitions.constructor');
    });

    it('never answers a 5xx to hostile strings', async () => {
      for (const name of [
        "'; DROP TABLE publishing_templates; --",
        'zero\u0000byte',
        '🙂 ñ 中文',
      ]) {
        const response = await api()
          .post('/api/v1/templates')
          .set(testApp.auth)
          .send(emailTemplateBody({ name }));
        expect(response.status).toBeLessThan(500);
      }
      for (const text of ['a\u0000b', 'lone \ud800 surrogate', 'lone \udc00']) {
        expectProblem(
          await api()
            .post('/api/v1/templates')
            .set(testApp.auth)
            .send({ name: 'unstorable', template_type: 'slack', content_structure: { text } }),
          422,
          'content_structure',
        );
      }
      expectProblem(
        await api()
          .post('/api/v1/templates')
          .set(testApp.auth)
          .send(emailTemplateBody({ formatting_rules: { ['key\u0000']: 1 } })),
        422,
        'formatting_rules',
      );
    });
  });

  describe('list', () => {
    it('filters by type and activity, newest first, with a total', async () => {
      const type = 'discord';
      const inactive = await createTemplate(db, {
        templateType: type,
        contentStructure: { text: 'a' },
        isActive: false,
      });
      const older = await createTemplate(db, {
        templateType: type,
        contentStructure: { text: 'b' },
        createdAt: new Date(Date.now() - 60_000),
      });
      const newer = await createTemplate(db, {
        templateType: type,
        contentStructure: { text: 'c' },
      });

      const active = await api()
        .get('/api/v1/templates')
        .query({ template_type: type, is_active: 'true' })
        .set(testApp.auth)
        .expect(200);
      const ids = active.body.data.templates.map((template: { id: string }) => template.id);
      expect(ids.indexOf(newer.id)).toBeLessThan(ids.indexOf(older.id));
      expect(ids).not.toContain(inactive.id);
      expect(
        active.body.data.templates.every(
          (template: { template_type: string; is_active: boolean }) =>
            template.template_type === type && template.is_active,
        ),
      ).toBe(true);
      const all = await db.template.count({ where: { templateType: type, isActive: true } });
      expect(active.body.data).toMatchObject({ total_count: all, limit: 20, offset: 0 });

      const onlyInactive = await api()
        .get('/api/v1/templates')
        .query({ template_type: type, is_active: 'false', limit: 1 })
        .set(testApp.auth)
        .expect(200);
      expect(onlyInactive.body.data).toMatchObject({
        templates: [{ id: inactive.id, is_active: false }],
        total_count: 1,
        limit: 1,
      });
    });

    it.each([
      [{ limit: 0 }, 'limit'],
      [{ limit: 101 }, 'limit'],
      [{ offset: -1 }, 'offset'],
      [{ template_type: 'sms' }, 'template_type'],
      [{ is_active: 'maybe' }, 'is_active'],
    ])('refuses the query %j with a 422 naming %s', async (query, field) => {
      expectProblem(
        await api().get('/api/v1/templates').query(query).set(testApp.auth),
        422,
        field,
      );
    });
  });

  describe('get', () => {
    it('answers the template, 404 when absent and 422 for an id that is not a UUID', async () => {
      const created = await createViaApi();
      const found = await api()
        .get(`/api/v1/templates/${created.id}`)
        .set(testApp.auth)
        .expect(200);
      expect(found.body.data).toEqual(created);

      const missing = await api().get(`/api/v1/templates/${UNKNOWN_ID}`).set(testApp.auth);
      expectProblem(missing, 404);
      expect(missing.body).toMatchObject({
        title: 'Not Found',
        detail: `Template ${UNKNOWN_ID} not found.`,
      });
      expectProblem(await api().get('/api/v1/templates/not-a-uuid').set(testApp.auth), 422, 'id');
    });
  });

  describe('update', () => {
    it('changes only the given fields, with PATCH and PUT', async () => {
      const created = await createViaApi();
      const patched = await api()
        .patch(`/api/v1/templates/${created.id}`)
        .set(testApp.auth)
        .send({ name: 'Renamed', is_active: false })
        .expect(200);
      expect(patched.body.data).toMatchObject({
        name: 'Renamed',
        is_active: false,
        content_structure: created.content_structure,
        variable_definitions: created.variable_definitions,
      });

      const put = await api()
        .put(`/api/v1/templates/${created.id}`)
        .set(testApp.auth)
        .send({ template_type: 'slack', content_structure: { text: 'Hi {{ first_name }}' } })
        .expect(200);
      expect(put.body.data).toMatchObject({
        name: 'Renamed',
        template_type: 'slack',
        content_structure: { text: 'Hi {{ first_name }}' },
      });
    });

    it('validates the structure as it would be stored', async () => {
      const created = await createViaApi();
      expectProblem(
        await api()
          .patch(`/api/v1/templates/${created.id}`)
          .set(testApp.auth)
          .send({ template_type: 'webhook' }),
        422,
        'content_structure.payload',
      );
      expectProblem(
        await api()
          .patch(`/api/v1/templates/${created.id}`)
          .set(testApp.auth)
          .send({ variable_definitions: {} }),
        422,
        'variable_definitions.first_name',
      );
      expectProblem(
        await api().patch(`/api/v1/templates/${created.id}`).set(testApp.auth).send({ name: null }),
        422,
        'name',
      );
      expectProblem(
        await api()
          .patch(`/api/v1/templates/${created.id}`)
          .set(testApp.auth)
          .send({ formatting_rules: null }),
        422,
        'formatting_rules',
      );
      const unchanged = await api().get(`/api/v1/templates/${created.id}`).set(testApp.auth);
      expect(unchanged.body.data).toEqual(created);
    });

    it('answers 404 for an unknown template', async () => {
      expectProblem(
        await api().patch(`/api/v1/templates/${UNKNOWN_ID}`).set(testApp.auth).send({ name: 'x' }),
        404,
      );
    });
  });

  describe('delete', () => {
    it('deletes a template with 204; it is then gone', async () => {
      const created = await createViaApi();
      const response = await api()
        .delete(`/api/v1/templates/${created.id}`)
        .set(testApp.auth)
        .expect(204);
      expect(response.text).toBe('');
      expectProblem(await api().get(`/api/v1/templates/${created.id}`).set(testApp.auth), 404);
      expectProblem(await api().delete(`/api/v1/templates/${created.id}`).set(testApp.auth), 404);
    });

    it('refuses with 409 while a scheduled publication uses it', async () => {
      const template = await createTemplate(db);
      await createPublication(db, { templateId: template.id, status: 'scheduled' });

      const response = await api().delete(`/api/v1/templates/${template.id}`).set(testApp.auth);
      expectProblem(response, 409);
      expect(response.body.detail).toContain('1 scheduled or processing publication(s)');
      expect(await db.template.findUnique({ where: { id: template.id } })).not.toBeNull();
    });

    it('detaches finished publications from a deleted template', async () => {
      const template = await createTemplate(db);
      const publication = await createPublication(db, {
        templateId: template.id,
        status: 'completed',
      });

      await api().delete(`/api/v1/templates/${template.id}`).set(testApp.auth).expect(204);
      const row = await db.publication.findUniqueOrThrow({ where: { id: publication.id } });
      expect(row.templateId).toBeNull();
    });
  });

  describe('preview', () => {
    it('renders the placeholders, HTML-escaping values only in body_html', async () => {
      const created = await createViaApi();
      const response = await api()
        .post(`/api/v1/templates/${created.id}/preview`)
        .set(testApp.auth)
        .send({ variables: { first_name: '<script>alert("x")</script> & Co' } })
        .expect(200);

      expect(response.body.data).toEqual({
        template_id: created.id,
        template_type: 'email',
        rendered: {
          subject: 'Hello <script>alert("x")</script> & Co',
          body_html:
            '<p>Hi &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co, 3 new posts</p>',
          body_text: 'Hi <script>alert("x")</script> & Co, 3 new posts',
        },
        variables: { first_name: '<script>alert("x")</script> & Co', count: 3 },
      });
    });

    it('renders nested webhook payloads and leaves unset optional variables empty', async () => {
      const created = await createViaApi({
        template_type: 'webhook',
        content_structure: { payload: { items: [{ title: '{{ title }}!' }], count: 2 } },
        variable_definitions: { title: { type: 'string' } },
      });
      const response = await api()
        .post(`/api/v1/templates/${created.id}/preview`)
        .set(testApp.auth)
        .send({})
        .expect(200);

      expect(response.body.data.rendered).toEqual({
        payload: { items: [{ title: '!' }], count: 2 },
      });
    });

    it.each([
      [{}, 'variables.first_name', 'is required'],
      [{ first_name: 'Ada', count: 'three' }, 'variables.count', 'must be a number'],
      [{ first_name: 'Ada', surname: 'Lovelace' }, 'variables.surname', 'is not declared'],
    ])('refuses variables %j with a 422 naming %s', async (variables, field, message) => {
      const created = await createViaApi();
      const response = await api()
        .post(`/api/v1/templates/${created.id}/preview`)
        .set(testApp.auth)
        .send({ variables });

      expectProblem(response, 422, field);
      expect(response.body.detail).toContain(`${field} ${message}`);
    });

    it('answers 404 for an unknown template and 422 for a stored structure that is invalid', async () => {
      expectProblem(
        await api().post(`/api/v1/templates/${UNKNOWN_ID}/preview`).set(testApp.auth).send({}),
        404,
      );
      const legacy = await createTemplate(db, {
        templateType: 'email',
        contentStructure: { body: 'legacy shape' },
      });
      expectProblem(
        await api().post(`/api/v1/templates/${legacy.id}/preview`).set(testApp.auth).send({}),
        422,
        'content_structure.subject',
      );
    });
  });
});
