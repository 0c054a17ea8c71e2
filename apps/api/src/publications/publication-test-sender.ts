import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { PushChannelType } from '@publishing/channels';
import { PrismaService } from '@publishing/db/nest';
import {
  CompiledTemplate,
  createUnsubscribeToken,
  renderPublication,
  unsubscribeUrl,
  type RenderPublicationResult,
} from '@publishing/templating';
import { BadRequestError, NotFoundError, UnprocessableError } from '../common/errors/domain-errors';
import type { ApiConfig } from '../config/app-config';
import { TestSendAdapters, describeTestFailure } from '../channels/test-send-adapters';

const TEST_AUDIENCE_LIMIT = 50;
/** Sends in flight at once: enough to finish 50 × a few channels well within a request. */
const SEND_CONCURRENCY = 8;
const PREVIEW_LENGTH = 200;

export interface TestDeliveryResult {
  subscriber_id?: string;
  email?: string;
  channel_id: string;
  sent: boolean;
  error?: string;
}

export interface PublicationTestSend {
  publication_id: string;
  total_subscribers: number;
  successful: number;
  failed: number;
  delivery_results: TestDeliveryResult[];
  newsletter: { subject: string | null; content_preview: string | null };
}

interface TestChannel {
  id: string;
  name: string;
  type: PushChannelType;
  configuration: Record<string, unknown>;
}

interface Recipient {
  subscriberId?: string;
  email: string;
  personalization: Record<string, unknown>;
}

interface Send {
  recipient: Recipient;
  channel: TestChannel;
}

/**
 * Test sends of a publication: rendered by the worker's own `renderPublication`, so a subscriber
 * receives exactly what a delivery would send (the default template included), and sent through
 * the same adapters, to `test_email` on the publication's email channels, or to up to 50 active
 * subscribers on each of the publication's active channels they subscribe to. Nothing is
 * recorded: no delivery rows, and no tracking links or pixel, so tests never show up in analytics.
 */
@Injectable()
export class PublicationTestSender {
  constructor(
    private readonly db: PrismaService,
    private readonly adapters: TestSendAdapters,
    private readonly config: ConfigService<ApiConfig, true>,
  ) {}

  async send(id: string, testEmail?: string): Promise<PublicationTestSend> {
    const publication = await this.db.publication.findUnique({
      where: { id },
      include: {
        template: true,
        channels: { include: { channel: true }, orderBy: { channelId: 'asc' } },
      },
    });
    if (!publication) throw new NotFoundError('Publication', id);
    const channels: TestChannel[] = publication.channels.flatMap(({ channel }) =>
      channel.isActive && this.adapters.isSendable(channel.channelType)
        ? [
            {
              id: channel.id,
              name: channel.name,
              type: channel.channelType,
              configuration: recordOf(channel.configuration),
            },
          ]
        : [],
    );
    const sends = testEmail
      ? this.testEmailSends(channels, testEmail)
      : await this.subscriberSends(channels);
    if (sends.length === 0) {
      // The old service's answer when nobody would receive the test; its clients expect the 400.
      throw new BadRequestError(
        `Publication ${publication.id} has no active subscribers on its active channels to send a test to; pass test_email to send it to one address.`,
      );
    }
    const template =
      publication.template?.isActive === true
        ? new CompiledTemplate({
            contentStructure: publication.template.contentStructure,
            variableDefinitions: publication.template.variableDefinitions,
            templateType: publication.template.templateType,
          })
        : undefined;
    const render = (send: Send, deliveryId: string, format = send.channel.type) =>
      renderPublication({
        template,
        publication: {
          id: publication.id,
          type: publication.publicationType,
          scheduledTime: publication.scheduledTime,
          contentIds: publication.contentIds,
          personalizationRules: publication.personalizationRules,
        },
        subscriber: {
          id: send.recipient.subscriberId ?? null,
          email: send.recipient.email,
          personalizationData: send.recipient.personalization,
        },
        channel: { id: send.channel.id, name: send.channel.name, type: send.channel.type },
        format,
        unsubscribeUrl: this.unsubscribe(send.recipient, publication.id)?.url,
        deliveryId,
      });

    const results = await mapConcurrently(sends, SEND_CONCURRENCY, async (send) => {
      const target = send.recipient.subscriberId
        ? { subscriber_id: send.recipient.subscriberId }
        : { email: send.recipient.email };
      const base = { ...target, channel_id: send.channel.id };
      const deliveryId = `test-${randomUUID()}`;
      const rendered = render(send, deliveryId);
      if (!rendered.ok) {
        return {
          ...base,
          sent: false,
          error: `${rendered.reason}: ${rendered.message}`,
        };
      }
      const unsubscribe = this.unsubscribe(send.recipient, publication.id);
      const outcome = await this.adapters.send(send.channel.type, {
        deliveryId,
        publicationId: publication.id,
        channel: send.channel,
        subscriber: { id: send.recipient.subscriberId ?? 'test', email: send.recipient.email },
        message: rendered.message,
        unsubscribeUrl: unsubscribe?.url,
        unsubscribeToken: unsubscribe?.token,
      });
      return outcome.sent
        ? { ...base, sent: true }
        : { ...base, sent: false, error: describeTestFailure(outcome.failure) };
    });

    const successful = results.filter((result) => result.sent).length;
    const recipients = new Set(sends.map((send) => send.recipient.email));
    return {
      publication_id: publication.id,
      total_subscribers: testEmail ? 1 : recipients.size,
      successful,
      failed: results.length - successful,
      delivery_results: results,
      newsletter: preview(sends[0], render, testEmail),
    };
  }

  private testEmailSends(channels: TestChannel[], testEmail: string): Send[] {
    const email = channels.filter((channel) => channel.type === 'email');
    if (email.length === 0) {
      throw new UnprocessableError(
        'test_email needs an active email channel on the publication; send without test_email to reach its subscribers instead.',
        [{ field: 'test_email', message: 'the publication has no active email channel' }],
      );
    }
    const recipient = { email: testEmail, personalization: {} };
    return email.map((channel) => ({ recipient, channel }));
  }

  /** Active subscribers with an active subscription to one of the channels, oldest first. */
  private async subscriberSends(channels: TestChannel[]): Promise<Send[]> {
    if (channels.length === 0) return [];
    const byId = new Map(channels.map((channel) => [channel.id, channel]));
    const channelIds = [...byId.keys()];
    const subscribers = await this.db.subscriber.findMany({
      where: {
        subscriptionStatus: 'active',
        channels: { some: { status: 'active', channelId: { in: channelIds } } },
      },
      select: {
        id: true,
        email: true,
        personalizationData: true,
        channels: {
          where: { status: 'active', channelId: { in: channelIds } },
          select: { channelId: true },
          orderBy: { channelId: 'asc' },
        },
      },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      take: TEST_AUDIENCE_LIMIT,
    });
    return subscribers.flatMap((subscriber) => {
      const recipient = {
        subscriberId: subscriber.id,
        email: subscriber.email,
        personalization: recordOf(subscriber.personalizationData),
      };
      return subscriber.channels.flatMap(({ channelId }) => {
        const channel = byId.get(channelId);
        return channel ? [{ recipient, channel }] : [];
      });
    });
  }

  /** Subscribers get a working unsubscribe link, as in a real delivery; test_email has none. */
  private unsubscribe(recipient: Recipient, publicationId: string) {
    if (!recipient.subscriberId) return undefined;
    const token = createUnsubscribeToken(this.config.get('SIGNING_SECRET', { infer: true }), {
      subscriberId: recipient.subscriberId,
      publicationId,
    });
    return { token, url: unsubscribeUrl(this.config.get('API_BASE_URL', { infer: true }), token) };
  }
}

/** The email rendering for the first recipient: what the newsletter looks like. */
function preview(
  first: Send | undefined,
  render: (send: Send, deliveryId: string, format: 'email') => RenderPublicationResult,
  testEmail: string | undefined,
): PublicationTestSend['newsletter'] {
  const send = first ?? {
    recipient: { email: testEmail ?? 'preview@example.com', personalization: {} },
    channel: { id: '', name: '', type: 'email' as const, configuration: {} },
  };
  const rendered = render(send, 'preview', 'email');
  if (!rendered.ok || rendered.message.channelType !== 'email') {
    return { subject: null, content_preview: null };
  }
  return {
    subject: rendered.message.subject,
    content_preview: rendered.message.text.slice(0, PREVIEW_LENGTH),
  };
}

/** Runs `task` over `items` with at most `size` in flight, keeping the order of `items`. */
async function mapConcurrently<T, R>(
  items: T[],
  size: number,
  task: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, lane));
  return results;
}

function recordOf(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}
