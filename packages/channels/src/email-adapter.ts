import { createTransport, type Transporter } from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool';
import {
  permanentFailure,
  transientFailure,
  DeliveryError,
  type ChannelAdapter,
  type DeliveryContext,
  type SendResult,
} from './channel-adapter';
import { configurationForSend } from './channel-readiness';
import { channelRateLimit } from './configuration/channel-rate-limit';
import { EMAIL_ADDRESS } from './definitions/channel-definition';
import { smtpSettings, type SmtpSettings } from './definitions/email';
import { TargetRefusedError, targetRefusedFailure, type Resolver } from './network/guarded-lookup';
import { guardedSmtpSocket } from './network/guarded-smtp-socket';
import type { TargetPolicy } from './network/target-policy';
import { smtpConnectionsFor } from './smtp-connections';

interface CachedTransport {
  fingerprint: string;
  transport: Transporter<SMTPPool.SentMessageInfo, SMTPPool.Options>;
}

/**
 * Email over SMTP with nodemailer: one pooled transport per channel (rebuilt when its settings
 * change) with as many connections as its rate limit needs (`smtpConnectionsFor`), HTML with the text alternative, RFC 8058 one-click unsubscribe headers, and a
 * Message-ID derived from the delivery id, so a retry after a crash carries the same id.
 *
 * The channel's configuration is parsed by the email definition (`definitions/email.ts`).
 *
 * Every connection is opened through the target policy (`guardedSmtpSocket`).
 */
export class EmailAdapter implements ChannelAdapter {
  private readonly transports = new Map<string, CachedTransport>();

  constructor(
    private readonly options: {
      /** At most this many SMTP connections per channel (fewer when its rate limit needs fewer). */
      maxConnections: number;
      timeoutMs: number;
      policy: TargetPolicy;
      /** Host names are resolved with this (default: the system's resolver). */
      resolve?: Resolver;
    },
  ) {}

  async send(context: DeliveryContext): Promise<SendResult> {
    if (context.message.channelType !== 'email') {
      throw permanentFailure(
        'template_error',
        `a ${context.message.channelType} message cannot go by email`,
      );
    }
    const recipient = context.subscriber.email.trim();
    if (!EMAIL_ADDRESS.test(recipient)) {
      throw permanentFailure('invalid_address', 'the subscriber has no valid email address');
    }
    const settings = smtpSettings(configurationForSend(context.channel, 'email'));
    const connections = Math.min(
      this.options.maxConnections,
      smtpConnectionsFor(channelRateLimit('email', context.channel.configuration)),
    );
    const transport = this.transportFor(context.channel.id, settings, connections);
    const domain = settings.fromEmail.split('@')[1] ?? 'publishing.invalid';
    try {
      const info = await transport.sendMail({
        from: settings.fromName
          ? { name: settings.fromName, address: settings.fromEmail }
          : settings.fromEmail,
        to: recipient,
        subject: context.message.subject,
        html: context.message.html,
        text: context.message.text,
        messageId: `<${context.deliveryId}@${domain}>`,
        headers: {
          ...unsubscribeHeaders(context, settings.unsubscribeMailbox),
          'X-Publishing-Delivery': context.deliveryId,
          ...(context.publicationId ? { 'X-Publishing-Publication': context.publicationId } : {}),
        },
      });
      const accepted = (info.accepted ?? []).length;
      if (accepted === 0) {
        throw permanentFailure(
          'recipient_rejected',
          `the SMTP server accepted no recipient: ${String(info.response ?? '')}`,
        );
      }
      return { providerMessageId: String(info.messageId ?? '').slice(0, 255) || undefined };
    } catch (error) {
      throw classifySmtpError(error);
    }
  }

  close(): void {
    for (const { transport } of this.transports.values()) transport.close();
    this.transports.clear();
  }

  private transportFor(channelId: string, settings: SmtpSettings, connections: number) {
    const fingerprint = JSON.stringify({ settings, connections });
    const cached = this.transports.get(channelId);
    if (cached?.fingerprint === fingerprint) return cached.transport;
    cached?.transport.close();
    const transport = createTransport({
      pool: true,
      maxConnections: Math.max(1, connections),
      host: settings.host,
      port: settings.port,
      secure: settings.secure,
      requireTLS: settings.requireTLS,
      auth: settings.user ? { user: settings.user, pass: settings.password ?? '' } : undefined,
      connectionTimeout: this.options.timeoutMs,
      greetingTimeout: this.options.timeoutMs,
      socketTimeout: this.options.timeoutMs,
      getSocket: guardedSmtpSocket(
        this.options.policy,
        this.options.timeoutMs,
        this.options.resolve,
      ),
    });
    this.transports.set(channelId, { fingerprint, transport });
    return transport;
  }
}

/** RFC 8058 one-click unsubscribe, with a mailto: fallback for clients without it. */
function unsubscribeHeaders(context: DeliveryContext, mailbox: string): Record<string, string> {
  if (!context.unsubscribeUrl || !context.unsubscribeToken) return {};
  const mailto = `mailto:${mailbox}?subject=${encodeURIComponent(`unsubscribe ${context.unsubscribeToken}`)}`;
  return {
    'List-Unsubscribe': `<${context.unsubscribeUrl}>, <${mailto}>`,
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
  };
}

const NETWORK_CODES = new Set([
  'ECONNECTION',
  'ESOCKET',
  'EDNS',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETLS',
  'EPROTOCOL',
  // Raised by the sockets `guardedSmtpSocket` opens, where nodemailer would have said EDNS/ESOCKET.
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

/**
 * SMTP replies: 5xx is permanent (550/551/553 reject the mailbox), 4xx transient (greylisting,
 * mailbox busy); connection problems and timeouts are transient, bad credentials permanent.
 */
export function classifySmtpError(error: unknown): DeliveryError {
  if (error instanceof DeliveryError) return error;
  if (error instanceof TargetRefusedError) return targetRefusedFailure(error);
  const smtp = error as {
    code?: unknown;
    responseCode?: unknown;
    response?: unknown;
    message?: unknown;
  };
  const responseCode = typeof smtp.responseCode === 'number' ? smtp.responseCode : undefined;
  const detail = String(smtp.response ?? smtp.message ?? error).slice(0, 300);
  const code = typeof smtp.code === 'string' ? smtp.code : undefined;
  if (code === 'EAUTH')
    return permanentFailure('smtp_auth_failed', `SMTP authentication failed: ${detail}`);
  if (responseCode !== undefined && responseCode >= 500) {
    const reason = [550, 551, 553].includes(responseCode)
      ? 'recipient_rejected'
      : [552, 554].includes(responseCode)
        ? 'message_rejected'
        : `smtp_${responseCode}`;
    return permanentFailure(reason, `the SMTP server refused the message: ${detail}`);
  }
  if (responseCode !== undefined && responseCode >= 400) {
    return transientFailure(
      `smtp_${responseCode}`,
      `the SMTP server deferred the message: ${detail}`,
    );
  }
  if (code === 'ETIMEDOUT') return transientFailure('timeout', `SMTP timeout: ${detail}`);
  if (code === 'EENVELOPE')
    return permanentFailure('invalid_address', `SMTP envelope refused: ${detail}`);
  if (code === 'EMESSAGE')
    return permanentFailure('message_rejected', `the message could not be built: ${detail}`);
  if (code && NETWORK_CODES.has(code))
    return transientFailure('network_error', `SMTP connection failed: ${detail}`);
  return transientFailure('smtp_error', `SMTP send failed: ${detail}`);
}
