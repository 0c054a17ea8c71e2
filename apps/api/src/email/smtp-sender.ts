import type { ConfigService } from '@nestjs/config';
import type { ChannelInfo } from '@publishing/channels';
import type { ApiConfig } from '../config/app-config';

/** The API's own SMTP settings (SMTP_*), as the email channel adapter reads a channel's. */
export interface SmtpSender {
  host: string;
  port: number;
  /** Implicit TLS from the first byte (SMTPS, usually port 465); otherwise STARTTLS when offered. */
  secure: boolean;
  from: string;
  authenticated: boolean;
  channel: ChannelInfo;
}

/** Undefined when SMTP_HOST is unset (the configuration requires SMTP_FROM along with it). */
export function smtpSenderOf(config: ConfigService<ApiConfig, true>): SmtpSender | undefined {
  const host = config.get('SMTP_HOST', { infer: true });
  const from = config.get('SMTP_FROM', { infer: true });
  if (host === undefined || from === undefined) return undefined;
  const secure = config.get('SMTP_SECURE', { infer: true });
  const port = config.get('SMTP_PORT', { infer: true }) ?? (secure ? 465 : 587);
  const user = config.get('SMTP_USER', { infer: true });
  return {
    host,
    port,
    secure,
    from,
    authenticated: user !== undefined,
    channel: {
      id: 'api-smtp-settings',
      name: 'the API email settings (SMTP_HOST)',
      type: 'email',
      configuration: {
        smtp_host: host,
        smtp_port: port,
        secure,
        smtp_user: user,
        smtp_password: config.get('SMTP_PASSWORD', { infer: true }),
        from_email: from,
      },
    },
  };
}
