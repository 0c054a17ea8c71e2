import { PrismaService } from '@publishing/db/nest';
import request from 'supertest';
import { expectProblem, insertPublication, insertTemplate } from '@publishing/testing';
import { emailTemplateBody } from './factories/templates';
import { createTestApp, type TestApp } from './support/test-app';

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

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

    it('refuses a variable that variable_definitions does not declare, naming it and where it is used', async () => {
      const response = await api()
        .post('/api/v1/templates')
        .set(testApp.auth)
        .send(
          emailTemplateBody({
            content_structure: {
              subject: 'Hi {{ first_name }}',
              body_html: '<p>\n  {{ promo_code }}</p>',
            },
            variable_definitions: { first_name: { type: 'string' } },
          }),
        );

      expectProblem(response, 422, 'variable_definitions.promo_code');
      expect(response.body.detail).toContain('promo_code');
      expect(response.body.errors).toEqual([
        {
          field: 'variable_definitions.promo_code',
          message: 'is used in content_structure.body_html (line 2, column 6) but not declared',
          line: 2,
          column: 6,
        },
      ]);
    });

    it('accepts the built-ins and template locals without a declaration, but not redefining a built-in', async () => {
      await api()
        .post('/api/v1/templates')
        .set(testApp.auth)
        .send({
          name: 'builtins',
          template_type: 'email',
          content_structure: {
            subject: 'For {{ subscriber.email }} on {{ channel.name }}',
            body_html:
              '{% assign greeting = "Hello" %}<p>{{ greeting }} ({{ publication.type }})</p>' +
              '<a href="{{ unsubscribe_url }}">Unsubscribe</a>',
          },
        })
        .expect(201);

      expectProblem(
        await api()
          .post('/api/v1/templates')
          .set(testApp.auth)
          .send({
            name: 'shadow',
            template_type: 'slack',
            content_structure: { text: '{{ subscriber }}' },
            variable_definitions: { subscriber: { type: 'string' } },
          }),
        422,
        'variable_definitions.subscriber',
      );
    });

    it('accepts Liquid filters and tags on declared variables', async () => {
      const text =
        '{% if vip %}*{{ headline | upcase }}*{% else %}{{ headline | truncate: 20 }}{% endif %}';
      const response = await api()
        .post('/api/v1/templates')
        .set(testApp.auth)
        .send({
          name: 'filters',
          template_type: 'slack',
          content_structure: { text },
          variable_definitions: { headline: { type: 'string' }, vip: { type: 'boolean' } },
        })
        .expect(201);
      expect(response.body.data.content_structure).toEqual({ text });
    });

    it('refuses a Liquid syntax error, naming the field with the line and column', async () => {
      const response = await api()
        .post('/api/v1/templates')
        .set(testApp.auth)
        .send(
          emailTemplateBody({
            content_structure: {
              subject: 'Hello {{ first_name }}',
              body_text: 'Hello\nthere {% if first_name %}unclosed',
            },
          }),
        );

      expectProblem(response, 422, 'content_structure.body_text');
      expect(response.body.errors).toEqual([
        {
          field: 'content_structure.body_text',
          message: expect.stringMatching(/^is not valid Liquid at line 2, column 7: .*not closed/),
          line: 2,
          column: 7,
        },
      ]);
      expect(response.body.detail).toContain('content_structure.body_text');

      for (const text of ['{{ first_name }', '{% endif %}', '{{ first_name | shout }}']) {
        expectProblem(
          await api()
            .post('/api/v1/templates')
            .set(testApp.auth)
            .send({
              name: 'broken',
              template_type: 'slack',
              content_structure: { text },
              variable_definitions: { first_name: { type: 'string' } },
            }),
          422,
          'content_structure.text',
        );
      }
    });

    it.each([
      "{% include 'x' %}",
      "{% render '/etc/passwd' %}",
      "{% layout 'base' %}x",
      "{% include '../../package.json' %}",
    ])('refuses %s: a template cannot read files', async (text) => {
      const response = await api()
        .post('/api/v1/templates')
        .set(testApp.auth)
        .send({ name: 'files', template_type: 'slack', content_structure: { text } });

      expectProblem(response, 422, 'content_structure.text');
      expect(response.body.errors[0].message).toMatch(/tag "(include|render|layout)" not found/);
    });

    it('checks variables anywhere in a webhook payload', async () => {
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

      const member = await api()
        .post('/api/v1/templates')
        .set(testApp.auth)
        .send({
          name: 'member',
          template_type: 'slack',
          content_structure: { text: '{{ user.name | upcase }}' },
        });
      expectProblem(member, 422, 'variable_definitions.user');
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
          'content_structure.text',
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
      const inactive = await insertTemplate(db, {
        templateType: type,
        contentStructure: { text: 'a' },
        isActive: false,
      });
      const older = await insertTemplate(db, {
        templateType: type,
        contentStructure: { text: 'b' },
        createdAt: new Date(Date.now() - 60_000),
      });
      const newer = await insertTemplate(db, {
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
      const template = await insertTemplate(db);
      await insertPublication(db, { templateId: template.id, status: 'scheduled' });

      const response = await api().delete(`/api/v1/templates/${template.id}`).set(testApp.auth);
      expectProblem(response, 409);
      expect(response.body.detail).toContain('1 scheduled or processing publication(s)');
      expect(await db.template.findUnique({ where: { id: template.id } })).not.toBeNull();
    });

    it('detaches finished publications from a deleted template', async () => {
      const template = await insertTemplate(db);
      const publication = await insertPublication(db, {
        templateId: template.id,
        status: 'completed',
      });

      await api().delete(`/api/v1/templates/${template.id}`).set(testApp.auth).expect(204);
      const row = await db.publication.findUniqueOrThrow({ where: { id: publication.id } });
      expect(row.templateId).toBeNull();
    });
  });

  describe('preview', () => {
    it('renders an email as subject, HTML and text, HTML-escaping values only in the HTML', async () => {
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
          html: '<p>Hi &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co, 3 new posts</p>',
          text: 'Hi <script>alert("x")</script> & Co, 3 new posts',
        },
        variables: { first_name: '<script>alert("x")</script> & Co', count: 3 },
      });
    });

    it('applies Liquid filters and tags; `| raw` opts out of escaping in the HTML', async () => {
      const created = await createViaApi({
        content_structure: {
          subject: '{{ first_name | upcase }}{% if count > 1 %}: {{ count }} posts{% endif %}',
          body_html: '<p>{{ first_name | append: "!" }}</p><div>{{ snippet | raw }}</div>',
          body_text: '{{ first_name | downcase }}',
        },
        variable_definitions: {
          first_name: { type: 'string', required: true },
          count: { type: 'number', default: 3 },
          snippet: { type: 'string', default: '<b>bold</b>' },
        },
      });
      const response = await api()
        .post(`/api/v1/templates/${created.id}/preview`)
        .set(testApp.auth)
        .send({ variables: { first_name: 'Ada <Lovelace>' } })
        .expect(200);

      expect(response.body.data.rendered).toEqual({
        subject: 'ADA <LOVELACE>: 3 posts',
        html: '<p>Ada &lt;Lovelace&gt;!</p><div><b>bold</b></div>',
        text: 'ada <lovelace>',
      });
    });

    it('derives the text alternative from the HTML, and the HTML from a text-only email', async () => {
      const htmlOnly = await createViaApi({
        content_structure: {
          subject: 'Digest',
          body_html: '<h1>Hi {{ first_name }}</h1><p>First &amp; second</p><p>Bye</p>',
        },
      });
      const fromHtml = await api()
        .post(`/api/v1/templates/${htmlOnly.id}/preview`)
        .set(testApp.auth)
        .send({ variables: { first_name: 'Ada' } })
        .expect(200);
      expect(fromHtml.body.data.rendered.text).toBe('Hi Ada\n\nFirst & second\n\nBye');

      const textOnly = await createViaApi({
        content_structure: {
          subject: 'Digest',
          body_text: 'Hi {{ first_name }}\n\n<b>not markup</b>',
        },
      });
      const fromText = await api()
        .post(`/api/v1/templates/${textOnly.id}/preview`)
        .set(testApp.auth)
        .send({ variables: { first_name: 'Ada & Co' } })
        .expect(200);
      expect(fromText.body.data.rendered).toEqual({
        subject: 'Digest',
        text: 'Hi Ada & Co\n\n<b>not markup</b>',
        html: '<p>Hi Ada &amp; Co</p>\n<p>&lt;b&gt;not markup&lt;/b&gt;</p>',
      });
    });

    it('renders Slack and Discord templates as text; Slack values cannot become mentions or links', async () => {
      const definitions = { headline: { type: 'string', required: true } };
      const slack = await createViaApi({
        template_type: 'slack',
        content_structure: { text: '*{{ headline }}*' },
        variable_definitions: definitions,
      });
      const discord = await createViaApi({
        template_type: 'discord',
        content_structure: { text: '**{{ headline }}**' },
        variable_definitions: definitions,
      });
      const headline = '<!channel> & <https://evil.example|click>';

      const slackPreview = await api()
        .post(`/api/v1/templates/${slack.id}/preview`)
        .set(testApp.auth)
        .send({ variables: { headline } })
        .expect(200);
      expect(slackPreview.body.data).toMatchObject({
        template_type: 'slack',
        rendered: { text: '*&lt;!channel&gt; &amp; &lt;https://evil.example|click&gt;*' },
      });

      const discordPreview = await api()
        .post(`/api/v1/templates/${discord.id}/preview`)
        .set(testApp.auth)
        .send({ variables: { headline } })
        .expect(200);
      expect(discordPreview.body.data.rendered).toEqual({ text: `**${headline}**` });
    });

    it('fills the built-ins with sample values that the variables may override', async () => {
      const created = await createViaApi({
        content_structure: {
          subject: 'For {{ subscriber.email }} via {{ channel.type }}',
          body_html: '<a href="{{ unsubscribe_url }}">Leave</a>',
        },
        variable_definitions: {},
      });
      const samples = await api()
        .post(`/api/v1/templates/${created.id}/preview`)
        .set(testApp.auth)
        .send({})
        .expect(200);
      expect(samples.body.data.rendered.subject).toBe('For subscriber@example.com via email');
      expect(samples.body.data.rendered.html).toMatch(
        /^<a href="http[^"]*\/api\/v1\/unsubscribe\?token=preview">Leave<\/a>$/,
      );
      expect(samples.body.data.variables).toEqual({});

      const overridden = await api()
        .post(`/api/v1/templates/${created.id}/preview`)
        .set(testApp.auth)
        .send({ variables: { subscriber: { email: 'ada@example.com' } } })
        .expect(200);
      expect(overridden.body.data.rendered.subject).toBe('For ada@example.com via email');
    });

    it('answers 422 naming the field when a render exceeds the sandbox limits', async () => {
      const created = await createViaApi({
        template_type: 'slack',
        content_structure: { text: '{% for i in (1..100000000) %}{{ i }}{% endfor %}' },
        variable_definitions: {},
      });
      const response = await api()
        .post(`/api/v1/templates/${created.id}/preview`)
        .set(testApp.auth)
        .send({});

      expectProblem(response, 422, 'content_structure.text');
      expect(response.body.detail).toMatch(/limit/);
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
      const legacy = await insertTemplate(db, {
        templateType: 'email',
        contentStructure: { body: 'legacy shape' },
      });
      expectProblem(
        await api().post(`/api/v1/templates/${legacy.id}/preview`).set(testApp.auth).send({}),
        422,
        'content_structure.subject',
      );
      const broken = await insertTemplate(db, { contentStructure: { text: 'Hi {% if %}' } });
      expectProblem(
        await api().post(`/api/v1/templates/${broken.id}/preview`).set(testApp.auth).send({}),
        422,
        'content_structure.text',
      );
    });
  });

  describe('usage_count', () => {
    it('counts the publications that reference the template and writes the count back', async () => {
      const created = await createViaApi();
      const other = await insertTemplate(db);
      const scheduled = await insertPublication(db, { templateId: created.id });
      await insertPublication(db, { templateId: created.id, status: 'completed' });
      await insertPublication(db, { templateId: other.id });
      await insertPublication(db);

      const found = await api()
        .get(`/api/v1/templates/${created.id}`)
        .set(testApp.auth)
        .expect(200);
      expect(found.body.data).toMatchObject({ usage_count: 2, updated_at: created.updated_at });
      expect((await db.template.findUniqueOrThrow({ where: { id: created.id } })).usageCount).toBe(
        2,
      );

      await db.publication.delete({ where: { id: scheduled.id } });
      const patched = await api()
        .patch(`/api/v1/templates/${created.id}`)
        .set(testApp.auth)
        .send({ name: 'Counted' })
        .expect(200);
      expect(patched.body.data.usage_count).toBe(1);
      expect((await db.template.findUniqueOrThrow({ where: { id: created.id } })).usageCount).toBe(
        1,
      );
    });

    it('corrects a stale stored count when templates are listed', async () => {
      const template = await insertTemplate(db, { templateType: 'webhook', usageCount: 99 });
      await insertPublication(db, { templateId: template.id });

      const listed = await api()
        .get('/api/v1/templates')
        .query({ template_type: 'webhook', limit: 100 })
        .set(testApp.auth)
        .expect(200);
      const entry = listed.body.data.templates.find(
        (item: { id: string }) => item.id === template.id,
      );
      expect(entry).toMatchObject({ usage_count: 1 });
      expect((await db.template.findUniqueOrThrow({ where: { id: template.id } })).usageCount).toBe(
        1,
      );
    });
  });
});
