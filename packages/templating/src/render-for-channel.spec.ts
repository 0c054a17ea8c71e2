import { TemplateRenderError, TemplateSyntaxError, TemplateVariablesError } from './errors';
import { compileTemplate } from './compile-template';
import { DISCORD_CONTENT_LIMIT, renderForChannel } from './render-for-channel';

const email = {
  templateType: 'email',
  contentStructure: {
    subject: 'News for {{ first_name }}\nfrom {{ company }}',
    body_html:
      '<html><body><h1>Hello {{ first_name }}</h1><p>{{ note }}</p><p>{{ trusted_html | raw }}</p>' +
      '<a href="https://example.com/read?a=1&amp;b=2">Read more</a></body></html>',
  },
  variableDefinitions: {
    first_name: { type: 'string', required: true },
    company: { type: 'string', default: 'ACME & Co' },
    note: { type: 'string' },
    trusted_html: { type: 'string', default: '<em>ok</em>' },
  },
};

describe('renderForChannel: email', () => {
  it('escapes HTML by default, keeps | raw, and derives the text alternative from the HTML', () => {
    const message = renderForChannel(email, 'email', {
      first_name: 'Ada',
      note: '<script>alert("x")</script>',
    });
    expect(message).toEqual({
      channelType: 'email',
      subject: 'News for Ada from ACME & Co',
      html:
        '<html><body><h1>Hello Ada</h1><p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</p><p><em>ok</em></p>' +
        '<a href="https://example.com/read?a=1&amp;b=2">Read more</a></body></html>',
      text: 'Hello Ada\n\n<script>alert("x")</script>\n\nok\n\nRead more (https://example.com/read?a=1&b=2)',
    });
  });

  it('uses body_text when the template has one, unescaped', () => {
    const message = renderForChannel(
      {
        contentStructure: { ...email.contentStructure, body_text: 'Hi {{ first_name }} <3' },
        variableDefinitions: email.variableDefinitions,
      },
      'email',
      { first_name: 'Bo & Co' },
    );
    expect(message).toMatchObject({ text: 'Hi Bo & Co <3' });
  });

  it('builds escaped HTML paragraphs from a text-only template', () => {
    const message = renderForChannel(
      {
        contentStructure: { subject: 'S', body_text: 'Line {{ v }}\nnext\n\nsecond' },
        variableDefinitions: { v: { type: 'string' } },
      },
      'email',
      { v: '<b>' },
    );
    expect(message).toEqual({
      channelType: 'email',
      subject: 'S',
      html: '<p>Line &lt;b&gt;<br>\nnext</p>\n<p>second</p>',
      text: 'Line <b>\nnext\n\nsecond',
    });
  });

  it('names every missing required variable and every value of the wrong type', () => {
    const template = {
      contentStructure: { subject: '{{ a }}{{ b }}{{ c }}' },
      variableDefinitions: {
        a: { type: 'string', required: true },
        b: { type: 'number', required: true },
        c: { type: 'boolean', required: true, default: false },
      },
    };
    let caught: unknown;
    try {
      renderForChannel(template, 'email', { b: 'seven' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(TemplateVariablesError);
    const error = caught as TemplateVariablesError;
    expect(error.missing).toEqual(['a']);
    expect(error.problems).toEqual([
      { name: 'a', message: 'is required and has no value or default' },
      { name: 'b', message: 'must be a number' },
    ]);
    expect(error.message).toContain('variable "a" is required');
  });
});

describe('renderForChannel: chat and webhook', () => {
  it('Slack: the text part with values escaped so they cannot ping or link', () => {
    const message = renderForChannel(
      {
        contentStructure: { text: '*New:* <https://example.com|{{ title }}>' },
        variableDefinitions: { title: {} },
      },
      'slack',
      { title: '<!channel> & co' },
    );
    expect(message).toEqual({
      channelType: 'slack',
      payload: { text: '*New:* <https://example.com|&lt;!channel&gt; &amp; co>' },
    });
  });

  it('Discord: content without mention parsing, cut at the length Discord accepts', () => {
    const message = renderForChannel(
      { contentStructure: { text: '{{ body }}' }, variableDefinitions: { body: {} } },
      'discord',
      { body: `@everyone ${'x'.repeat(3000)}` },
    );
    expect(message.channelType).toBe('discord');
    if (message.channelType !== 'discord') return;
    expect(message.payload.allowed_mentions).toEqual({ parse: [] });
    expect([...message.payload.content]).toHaveLength(DISCORD_CONTENT_LIMIT);
    expect(message.payload.content.startsWith('@everyone x')).toBe(true);
    expect(message.payload.content.endsWith('…')).toBe(true);
  });

  it('derives chat messages from an email template: bold subject over the text', () => {
    expect(renderForChannel(email, 'slack', { first_name: '<Ada>' })).toEqual({
      channelType: 'slack',
      payload: {
        text: '*News for &lt;Ada&gt; from ACME &amp; Co*\n\nHello &lt;Ada&gt;\n\nok\n\nRead more (https://example.com/read?a=1&amp;b=2)',
      },
    });
    expect(renderForChannel(email, 'discord', { first_name: 'Ada' })).toMatchObject({
      payload: {
        content:
          '**News for Ada from ACME & Co**\n\nHello Ada\n\nok\n\nRead more (https://example.com/read?a=1&b=2)',
      },
    });
  });

  it('webhook: renders the string leaves of payload, keeps other JSON values', () => {
    const message = renderForChannel(
      {
        contentStructure: {
          payload: {
            event: 'news',
            title: '{{ title }}',
            tags: ['{{ tag }}', 2],
            meta: { draft: false, quote: '"{{ title }}"' },
          },
        },
        variableDefinitions: { title: { type: 'string' }, tag: { type: 'string', default: 'x' } },
      },
      'webhook',
      { title: 'A "b" <c>' },
    );
    expect(message).toEqual({
      channelType: 'webhook',
      payload: {
        event: 'news',
        title: 'A "b" <c>',
        tags: ['x', 2],
        meta: { draft: false, quote: '"A "b" <c>"' },
      },
    });
  });

  it('webhook from an email template: subject and text', () => {
    expect(renderForChannel(email, 'webhook', { first_name: 'Ada' })).toMatchObject({
      payload: {
        subject: 'News for Ada from ACME & Co',
        text: expect.stringContaining('Hello Ada'),
      },
    });
  });
});

describe('sandbox', () => {
  it('reads own properties only: no prototype or constructor access', () => {
    const message = renderForChannel(
      {
        contentStructure: {
          text: '[{{ v.constructor }}][{{ v.__proto__ }}][{{ v.toString }}][{{ v.size }}]',
        },
      },
      'webhook',
      { v: { size: 3 } },
    );
    expect(message).toMatchObject({ payload: { text: '[][][][3]' } });
  });

  it('stops a runaway loop at the render time limit', () => {
    expect(() =>
      renderForChannel(
        { contentStructure: { text: '{% for i in (1..100000000) %}{{ i }}{% endfor %}' } },
        'slack',
        {},
      ),
    ).toThrow(TemplateRenderError);
  });

  it('throws a syntax error naming the part when a stored template does not parse', () => {
    expect(() => renderForChannel({ contentStructure: { text: '{% if %}' } }, 'slack', {})).toThrow(
      TemplateSyntaxError,
    );
  });

  it('parses once per compiled template and renders per recipient', () => {
    const compiled = compileTemplate({
      contentStructure: { text: 'Hi {{ n }}' },
      variableDefinitions: { n: {} },
    });
    const texts = ['a', 'b', 'c'].map((n) => renderForChannel(compiled, 'discord', { n }));
    expect(
      texts.map((message) => (message.channelType === 'discord' ? message.payload.content : '')),
    ).toEqual(['Hi a', 'Hi b', 'Hi c']);
  });
});
