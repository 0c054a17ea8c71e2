import {
  permanentFailure,
  type ChannelAdapter,
  type DeliveryContext,
  type SendResult,
} from './channel-adapter';
import { configurationForSend } from './channel-readiness';
import type { HttpClient } from './http-post';

/**
 * Slack incoming webhooks: `{"text": …}` POSTed to `configuration.webhook_url`; Slack answers
 * `200 ok`, or 4xx (`invalid_payload`, `channel_is_archived`, …: permanent) and 429 (transient).
 */
export class SlackAdapter implements ChannelAdapter {
  constructor(private readonly http: HttpClient) {}

  /** Closes the shared connection pool; every HTTP adapter does, the second time is a no-op. */
  close(): void {
    this.http.close();
  }

  async send(context: DeliveryContext): Promise<SendResult> {
    if (context.message.channelType !== 'slack') {
      throw permanentFailure(
        'template_error',
        `a ${context.message.channelType} message cannot go to Slack`,
      );
    }
    const answer = await this.http.postJson(
      configurationForSend(context.channel, 'slack').webhook_url,
      JSON.stringify(context.message.payload),
      {},
      context.timeoutMs,
    );
    return { statusCode: answer.status };
  }
}

/**
 * Discord webhooks: `{"content": …, "allowed_mentions": {"parse": []}}` POSTed to
 * `configuration.webhook_url`; 204 (or 200 with the message when the URL has `?wait=true`, whose
 * id is kept).
 */
export class DiscordAdapter implements ChannelAdapter {
  constructor(private readonly http: HttpClient) {}

  /** Closes the shared connection pool; every HTTP adapter does, the second time is a no-op. */
  close(): void {
    this.http.close();
  }

  async send(context: DeliveryContext): Promise<SendResult> {
    if (context.message.channelType !== 'discord') {
      throw permanentFailure(
        'template_error',
        `a ${context.message.channelType} message cannot go to Discord`,
      );
    }
    const answer = await this.http.postJson(
      configurationForSend(context.channel, 'discord').webhook_url,
      JSON.stringify(context.message.payload),
      {},
      context.timeoutMs,
    );
    return { providerMessageId: messageIdOf(answer.body), statusCode: answer.status };
  }
}

function messageIdOf(body: string): string | undefined {
  if (!body.startsWith('{')) return undefined;
  try {
    const id = (JSON.parse(body) as { id?: unknown }).id;
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
}
