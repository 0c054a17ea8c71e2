import { Injectable } from '@nestjs/common';
import type { Channel, ChannelType } from '@publishing/db';
import { UnprocessableError } from '../common/errors/domain-errors';
import {
  TARGET_URL_KEY,
  configurationErrors,
  type ChannelConfiguration,
} from './channel-configuration';
import { maskSecret } from './channel-secrets';
import { NotImplementedError } from './not-implemented.error';

export interface ChannelTestResult {
  channel_id: string;
  channel_type: ChannelType;
  /** True only when the endpoint accepted the message (2xx). */
  sent: boolean;
  /** The endpoint's HTTP status; null when no answer came back. */
  status_code: number | null;
  error?: string;
}

export const TEST_TIMEOUT_MS = 5_000;
const USER_AGENT = 'publishing-api channel-test';

/** Sends one real test message through a webhook, Slack or Discord channel. */
@Injectable()
export class ChannelTestSender {
  async send(channel: Channel): Promise<ChannelTestResult> {
    const targetKey = TARGET_URL_KEY[channel.channelType];
    if (!targetKey) {
      throw new NotImplementedError(
        `Test messages through ${channel.channelType} channels are not implemented yet: their delivery adapter comes with the delivery pipeline.`,
      );
    }
    const configuration = (channel.configuration ?? {}) as ChannelConfiguration;
    const errors = configurationErrors(channel.channelType, configuration);
    if (errors.length > 0) {
      throw new UnprocessableError(
        `Channel ${channel.id} cannot send with its stored configuration; fix it with PUT /api/v1/channels/${channel.id}.`,
        errors,
      );
    }
    const url = configuration[targetKey] as string;
    const headers = channel.channelType === 'webhook' ? configuration.headers : undefined;
    const result = { channel_id: channel.id, channel_type: channel.channelType };
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          ...(headers as Record<string, string> | undefined),
          'content-type': 'application/json',
          'user-agent': USER_AGENT,
        },
        body: JSON.stringify(testPayload(channel)),
        // A redirect is reported as the answer it is, not followed to wherever it points.
        redirect: 'manual',
        signal: AbortSignal.timeout(TEST_TIMEOUT_MS),
      });
      await response.body?.cancel();
      return response.ok
        ? { ...result, sent: true, status_code: response.status }
        : {
            ...result,
            sent: false,
            status_code: response.status,
            error: `the endpoint answered HTTP ${response.status}`,
          };
    } catch (error) {
      return { ...result, sent: false, status_code: null, error: describeFailure(error, url) };
    }
  }
}

function testPayload(channel: Channel): Record<string, unknown> {
  const message = `Test message from the publishing service for channel "${channel.name}".`;
  switch (channel.channelType) {
    case 'slack':
      return { text: message };
    case 'discord':
      return { content: message };
    default:
      return {
        event: 'channel.test',
        channel_id: channel.id,
        channel_name: channel.name,
        message,
        sent_at: new Date().toISOString(),
      };
  }
}

/** Why nothing came back, without echoing the (secret) URL. */
function describeFailure(error: unknown, url: string): string {
  if (error instanceof Error && error.name === 'TimeoutError') {
    return `no answer within ${TEST_TIMEOUT_MS / 1000} s`;
  }
  const code = (error as { cause?: { code?: unknown } } | undefined)?.cause?.code;
  if (typeof code === 'string') return `request failed: ${code}`;
  const message = error instanceof Error ? error.message : String(error);
  return `request failed: ${message.replaceAll(url, maskSecret(url))}`;
}
