import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import {
  asDeliveryError,
  createChannelAdapters,
  EmailAdapter,
  isPushChannelType,
  type ChannelAdapter,
  type ChannelAdapters,
  type DeliveryContext,
  type DeliveryError,
  type PushChannelType,
  type SendResult,
} from '@publishing/channels';
import { ChannelTargets } from './channel-targets';

/** A test send gives up after this long, so a request never hangs on a dead endpoint. */
export const TEST_TIMEOUT_MS = 5_000;

export type TestSendOutcome =
  { sent: true; result: SendResult } | { sent: false; failure: DeliveryError };

/**
 * The worker's channel adapters, used by the API for test sends only: the same SMTP, signed
 * webhook, Slack and Discord code paths as real deliveries, so a passing test means the worker
 * can deliver too. One small pool for the whole API, closed on shutdown.
 */
@Injectable()
export class TestSendAdapters implements OnModuleDestroy {
  private readonly adapters: ChannelAdapters;
  /**
   * For POST /email/test through the API's own SMTP_HOST: the operator's setting, not a key
   * holder's, so it may be a private relay whatever ALLOW_PRIVATE_TARGETS says.
   */
  private readonly operatorEmail = new EmailAdapter({
    maxConnections: 1,
    timeoutMs: TEST_TIMEOUT_MS,
    policy: { allowPrivateTargets: true },
  });

  constructor(targets: ChannelTargets) {
    this.adapters = createChannelAdapters({
      concurrency: 2,
      sendTimeoutMs: TEST_TIMEOUT_MS,
      targetPolicy: targets.policy,
    });
  }

  isSendable(type: string): type is PushChannelType {
    return isPushChannelType(type);
  }

  /** Never throws for a refused send: the classified failure is the outcome. */
  send(
    type: PushChannelType,
    context: Omit<DeliveryContext, 'attempt' | 'timeoutMs'>,
  ): Promise<TestSendOutcome> {
    return sendThrough(this.adapters[type], context);
  }

  /** An email through the API's own SMTP settings (SMTP_HOST), trusted as configuration. */
  sendOperatorEmail(
    context: Omit<DeliveryContext, 'attempt' | 'timeoutMs'>,
  ): Promise<TestSendOutcome> {
    return sendThrough(this.operatorEmail, context);
  }

  onModuleDestroy(): void {
    for (const adapter of Object.values(this.adapters)) adapter.close?.();
    this.operatorEmail.close();
  }
}

async function sendThrough(
  adapter: ChannelAdapter,
  context: Omit<DeliveryContext, 'attempt' | 'timeoutMs'>,
): Promise<TestSendOutcome> {
  try {
    const result = await adapter.send({
      ...context,
      attempt: 1,
      timeoutMs: TEST_TIMEOUT_MS,
    });
    return { sent: true, result };
  } catch (error) {
    return { sent: false, failure: asDeliveryError(error) };
  }
}

/** What a client reads about a failed test send; HTTP answers keep their legacy wording. */
export function describeTestFailure(failure: DeliveryError): string {
  if (failure.statusCode !== undefined) return `the endpoint answered HTTP ${failure.statusCode}`;
  if (failure.reason === 'timeout') return `no answer within ${TEST_TIMEOUT_MS / 1000} s`;
  return failure.message;
}
