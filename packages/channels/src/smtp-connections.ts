import type { ChannelRateLimit } from './configuration/channel-rate-limit';

/**
 * How long one message's SMTP dialogue (MAIL, RCPT, DATA, the message, each waiting for the
 * server's reply) may take while a channel still reaches its rate: 300 ms covers a provider tens
 * of milliseconds away, or a local server answering a busy worker (measured: 240 ms at the
 * median, 360 ms at the 90th percentile beside 2,000 webhooks/s).
 */
const SMTP_DIALOGUE_SECONDS = 0.3;

/** Never more connections to one server: providers throttle or refuse beyond a few dozen. */
const MAX_SMTP_CONNECTIONS = 30;

/**
 * SMTP connections (and so sends in flight) an email channel needs to reach its rate limit: a
 * connection carries one message at a time, so `rate × dialogue time` of them (Little's law),
 * at least the burst, at most `MAX_SMTP_CONNECTIONS`.
 */
export function smtpConnectionsFor(limit: ChannelRateLimit): number {
  const needed = Math.ceil(limit.ratePerSecond * SMTP_DIALOGUE_SECONDS);
  return Math.min(MAX_SMTP_CONNECTIONS, Math.max(1, Math.floor(limit.burst), needed));
}
