import type { ChannelAdapter } from './channel-adapter';
import { DiscordAdapter, SlackAdapter } from './chat-adapters';
import { EmailAdapter } from './email-adapter';
import { HttpClient } from './http-post';
import type { TargetPolicy } from './network/target-policy';
import { WebhookAdapter } from './webhook-adapter';

/** Channel types the worker sends to; `rss` is pulled from a feed, never pushed. */
export const PUSH_CHANNEL_TYPES = ['email', 'webhook', 'slack', 'discord'] as const;
export type PushChannelType = (typeof PUSH_CHANNEL_TYPES)[number];

export type ChannelAdapters = Record<PushChannelType, ChannelAdapter>;

/**
 * One worker's adapters; the HTTP-based ones share one pool of keep-alive connections. Every
 * connection they open goes where `targetPolicy` allows.
 */
export function createChannelAdapters(options: {
  concurrency: number;
  sendTimeoutMs: number;
  targetPolicy: TargetPolicy;
}): ChannelAdapters {
  const http = new HttpClient(options.targetPolicy);
  return {
    email: new EmailAdapter({
      // Each channel opens what its rate limit needs; never more than the sends that may run.
      maxConnections: Math.max(1, options.concurrency),
      timeoutMs: options.sendTimeoutMs,
      policy: options.targetPolicy,
    }),
    webhook: new WebhookAdapter(http),
    slack: new SlackAdapter(http),
    discord: new DiscordAdapter(http),
  };
}

export function isPushChannelType(type: string): type is PushChannelType {
  return (PUSH_CHANNEL_TYPES as readonly string[]).includes(type);
}
