import { DEFAULT_PUBLICATION_TEMPLATE, renderPublication } from './render-publication';
import { verifyClickSignature } from './tracking-links';

const publication = {
  id: '11111111-1111-4111-8111-111111111111',
  type: 'newsletter',
  scheduledTime: new Date('2026-03-01T09:30:00Z'),
  contentIds: ['c-1', 'c-2'],
  personalizationRules: { variables: { greeting: 'Hello', topic: 'from the publication' } },
};
const subscriber = {
  id: '33333333-3333-4333-8333-333333333333',
  email: 'ada@example.com',
  personalizationData: { topic: 'from the subscriber', undeclared: 'never seen', city: 'Paris' },
};
const channel = { id: '22222222-2222-4222-8222-222222222222', name: 'Mail', type: 'email' };
const template = {
  contentStructure: {
    subject: '{{ greeting }} {{ first_name }}: {{ topic }}{{ undeclared }}',
    body_html:
      '<p>{{ subscriber.email }} in {{ subscriber.data.city }} on {{ channel.type }}</p>' +
      '<a href="https://example.com/read">Read</a> <a href="{{ unsubscribe_url }}">Leave</a>',
  },
  variableDefinitions: {
    greeting: { type: 'string', default: 'Hi' },
    first_name: { type: 'string', default: 'reader' },
    topic: { type: 'string' },
  },
};
const unsubscribeUrl = 'https://api.example.com/api/v1/unsubscribe?token=t';

describe('renderPublication', () => {
  it('layers defaults < publication variables < declared subscriber data, then the built-ins', () => {
    const result = renderPublication({
      template,
      publication,
      subscriber,
      channel,
      unsubscribeUrl,
    });
    expect(result).toEqual({
      ok: true,
      message: {
        channelType: 'email',
        subject: 'Hello reader: from the subscriber',
        html: expect.stringContaining('<p>ada@example.com in Paris on email</p>'),
        text: 'ada@example.com in Paris on email\n\nRead (https://example.com/read) Leave (https://api.example.com/api/v1/unsubscribe?token=t)',
      },
    });
  });

  it('adds signed click links and the pixel only when asked, never to the unsubscribe link', () => {
    const tracking = { apiBaseUrl: 'https://api.example.com', signingSecret: 's'.repeat(32) };
    const plain = renderPublication({ template, publication, subscriber, channel, unsubscribeUrl });
    const tracked = renderPublication({
      template,
      publication,
      subscriber,
      channel,
      unsubscribeUrl,
      tracking,
    });
    if (!plain.ok || !tracked.ok || tracked.message.channelType !== 'email') throw new Error();
    expect(plain.message).not.toEqual(tracked.message);
    const hrefs = [...tracked.message.html.matchAll(/href="([^"]*)"/g)].map((m) => m[1] ?? '');
    const click = new URL(hrefs[0]?.replace(/&amp;/g, '&') ?? '');
    expect(
      verifyClickSignature(
        tracking.signingSecret,
        {
          publicationId: publication.id,
          channelId: channel.id,
          subscriberId: subscriber.id,
          url: 'https://example.com/read',
        },
        click.searchParams.get('sig') ?? undefined,
      ),
    ).toBe(true);
    expect(hrefs[1]).toBe(unsubscribeUrl);
    expect(tracked.message.html).toContain('/track/open?');
  });

  it('renders the default template without one, and names the delivery in the default webhook', () => {
    const email = renderPublication({
      template: undefined,
      publication,
      subscriber,
      channel,
      unsubscribeUrl,
    });
    expect(email).toMatchObject({
      ok: true,
      message: {
        subject: 'New newsletter from the publishing service',
        text: `A new newsletter was published.\n\n- c-1\n- c-2\n\nUnsubscribe: ${unsubscribeUrl}`,
      },
    });
    const noLink = renderPublication({ template: undefined, publication, subscriber, channel });
    expect(noLink).toMatchObject({
      ok: true,
      message: { text: 'A new newsletter was published.\n\n- c-1\n- c-2\n' },
    });
    expect(DEFAULT_PUBLICATION_TEMPLATE.definitions).toEqual({});

    const hook = renderPublication({
      template: undefined,
      publication,
      subscriber,
      channel: { ...channel, type: 'webhook' },
      deliveryId: 'd-1',
    });
    expect(hook).toEqual({
      ok: true,
      message: {
        channelType: 'webhook',
        payload: {
          event: 'publication.published',
          delivery_id: 'd-1',
          publication: {
            id: publication.id,
            type: 'newsletter',
            scheduled_time: '2026-03-01T09:30:00.000Z',
            content_ids: ['c-1', 'c-2'],
          },
          subscriber: { id: subscriber.id, email: subscriber.email },
          channel: { id: channel.id, name: 'Mail', type: 'webhook' },
        },
      },
    });
  });

  it('renders a feed item as an email for a channel of another type, without a subscriber', () => {
    const result = renderPublication({
      template: { contentStructure: { subject: '{{ channel.type }} {{ subscriber.email }}!' } },
      publication,
      channel: { ...channel, type: 'rss' },
      format: 'email',
    });
    expect(result).toMatchObject({ ok: true, message: { channelType: 'email', subject: 'rss !' } });
  });

  it('answers one typed failure for missing variables and for templates that do not render', () => {
    const missing = renderPublication({
      template: {
        contentStructure: { subject: '{{ code }}' },
        variableDefinitions: { code: { type: 'string', required: true } },
      },
      publication,
      subscriber,
      channel,
    });
    expect(missing).toEqual({
      ok: false,
      reason: 'missing_variables',
      message: expect.stringContaining('"code"'),
    });
    const broken = renderPublication({
      template: { contentStructure: { subject: '{% if %}' } },
      publication,
      subscriber,
      channel,
    });
    expect(broken).toEqual({
      ok: false,
      reason: 'template_error',
      message: expect.stringContaining('content_structure.subject'),
    });
  });
});
