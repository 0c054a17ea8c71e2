import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { TARGET_NOT_ALLOWED, channelReadiness } from '@publishing/channels';
import type { Channel, ChannelType } from '@publishing/db';
import { CompiledTemplate, renderForChannel, type RenderedMessage } from '@publishing/templating';
import { UnprocessableError, type FieldError } from '../common/errors/domain-errors';
import { ChannelTargets } from './channel-targets';
import { NotImplementedError } from './not-implemented.error';
import { TestSendAdapters, describeTestFailure } from './test-send-adapters';

export interface ChannelTestResult {
  channel_id: string;
  channel_type: ChannelType;
  /** True only when the provider accepted the message (2xx, or the SMTP server took it). */
  sent: boolean;
  /** HTTP-based channels: the endpoint's status; null when no answer came back. */
  status_code?: number | null;
  provider_message_id?: string;
  error?: string;
}

const TEST_MESSAGE = new CompiledTemplate({
  contentStructure: {
    subject: 'Test message from the publishing service',
    body_text: 'Test message from the publishing service for channel "{{ channel.name }}".',
  },
  variableDefinitions: {},
});

/** Sends one real test message through a channel's delivery adapter (every type but RSS). */
@Injectable()
export class ChannelTestSender {
  constructor(
    private readonly adapters: TestSendAdapters,
    private readonly targets: ChannelTargets,
  ) {}

  async send(channel: Channel, testEmail?: string): Promise<ChannelTestResult> {
    const type = channel.channelType;
    if (!this.adapters.isSendable(type)) {
      throw new NotImplementedError(
        `${type} channels are read as a feed, not sent to, so there is no test message to send; read the feed instead.`,
      );
    }
    const configuration = recordOf(channel.configuration);
    const readiness = channelReadiness(type, configuration);
    const errors = [
      ...readiness.missing.map((key) => ({
        field: `configuration.${key}`,
        message: 'is required to send; the channel is not configured',
      })),
      ...readiness.invalid,
      ...(type === 'email' ? emailSendErrors(configuration, testEmail) : []),
    ];
    if (errors.length > 0) {
      throw new UnprocessableError(
        `Channel ${channel.id} cannot send a test message: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}. Fix the configuration with PUT /api/v1/channels/${channel.id} or pass test_email.`,
        errors,
      );
    }
    const recipient =
      testEmail ?? (typeof configuration.from_email === 'string' ? configuration.from_email : '');
    const outcome = await this.adapters.send(type, {
      deliveryId: `test-${randomUUID()}`,
      channel: { id: channel.id, name: channel.name, type, configuration },
      subscriber: { id: 'test', email: recipient },
      message: testMessage(channel, type),
    });
    if (!outcome.sent && outcome.failure.reason === TARGET_NOT_ALLOWED) {
      throw refusedTarget(channel, this.targets.targetField(type), outcome.failure.message);
    }
    const http = type !== 'email';
    const base = { channel_id: channel.id, channel_type: type };
    if (outcome.sent) {
      const { statusCode, providerMessageId } = outcome.result;
      return {
        ...base,
        sent: true,
        ...(http ? { status_code: statusCode ?? null } : {}),
        ...(providerMessageId ? { provider_message_id: providerMessageId } : {}),
      };
    }
    return {
      ...base,
      sent: false,
      ...(http ? { status_code: outcome.failure.statusCode ?? null } : {}),
      error: describeTestFailure(outcome.failure),
    };
  }
}

/** The target policy refused where the channel points: nothing was sent. */
function refusedTarget(channel: Channel, field: string | undefined, reason: string) {
  return new UnprocessableError(
    `Channel ${channel.id} cannot send a test message: ${reason}. Nothing was sent; point the channel at a public address with PUT /api/v1/channels/${channel.id}.`,
    field ? [{ field, message: 'must point to a public address' }] : [],
  );
}

/** An email test also needs someone to send to. */
function emailSendErrors(configuration: Record<string, unknown>, testEmail?: string): FieldError[] {
  const errors: FieldError[] = [];
  if (!testEmail && configuration.from_email === undefined) {
    errors.push({
      field: 'test_email',
      message: 'is required: the channel has no configuration.from_email to send the test to',
    });
  }
  return errors;
}

function testMessage(
  channel: Channel,
  type: 'email' | 'webhook' | 'slack' | 'discord',
): RenderedMessage {
  if (type === 'webhook') {
    return {
      channelType: 'webhook',
      payload: {
        event: 'channel.test',
        channel_id: channel.id,
        channel_name: channel.name,
        message: `Test message from the publishing service for channel "${channel.name}".`,
        sent_at: new Date().toISOString(),
      },
    };
  }
  return renderForChannel(TEST_MESSAGE, type, {
    channel: { id: channel.id, name: channel.name, type },
  });
}

function recordOf(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}
