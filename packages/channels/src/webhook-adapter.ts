import {
  permanentFailure,
  type ChannelAdapter,
  type DeliveryContext,
  type SendResult,
} from './channel-adapter';
import { configurationForSend } from './channel-readiness';
import type { HttpClient } from './http-post';
import { SIGNATURE_HEADER, webhookSignature } from './webhook-signature';

export const DELIVERY_HEADER = 'x-publishing-delivery';

/**
 * Generic webhooks: the rendered JSON payload POSTed to `configuration.url`, with the channel's
 * extra `configuration.headers`, `X-Publishing-Delivery` (the delivery id: receivers deduplicate
 * retries with it) and, when `configuration.signing_secret` is set, `X-Publishing-Signature`.
 */
export class WebhookAdapter implements ChannelAdapter {
  constructor(
    private readonly http: HttpClient,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Closes the shared connection pool; every HTTP adapter does, the second time is a no-op. */
  close(): void {
    this.http.close();
  }

  async send(context: DeliveryContext): Promise<SendResult> {
    if (context.message.channelType !== 'webhook') {
      throw permanentFailure(
        'template_error',
        `a ${context.message.channelType} message cannot go to a webhook`,
      );
    }
    const configuration = configurationForSend(context.channel, 'webhook');
    const body = JSON.stringify(context.message.payload);
    const headers: Record<string, string> = {
      ...configuration.headers,
      [DELIVERY_HEADER]: context.deliveryId,
      'x-publishing-event': 'publication.delivery',
    };
    const secret = configuration.signing_secret;
    if (secret) {
      headers[SIGNATURE_HEADER] = webhookSignature(secret, body, Math.floor(this.clock() / 1000));
    }
    const answer = await this.http.postJson(configuration.url, body, headers, context.timeoutMs);
    const id = answer.header('x-message-id') ?? answer.header('x-request-id');
    return id
      ? { providerMessageId: id.slice(0, 255), statusCode: answer.status }
      : { statusCode: answer.status };
  }
}
