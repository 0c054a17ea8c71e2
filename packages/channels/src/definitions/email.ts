import * as z from 'zod';
import {
  defineChannel,
  emailAddress,
  field,
  rateLimitFields,
  secret,
  type ParsedConfiguration,
} from './channel-definition';

/**
 * Email over SMTP. `smtp_username` is the old API's name for `smtp_user`; `secure` asks for
 * implicit TLS, `smtp_use_tls` for STARTTLS (implicit TLS on port 465).
 */
export const emailChannel = defineChannel({
  schema: z.looseObject({
    smtp_host: field
      .text('The SMTP server’s host name (public unless ALLOW_PRIVATE_TARGETS).', 253)
      .trim()
      .optional(),
    smtp_port: field.port('Default 587, or 465 with `secure`.').optional(),
    smtp_user: field
      .text('The SMTP sign-in name (`smtp_username` is accepted too).', 320)
      .optional(),
    smtp_username: field.text('Old name of `smtp_user`.', 320).optional(),
    smtp_password: secret(field.text('The SMTP password.')).optional(),
    secure: field.flag('Implicit TLS (SMTPS) from the first byte.').optional(),
    smtp_use_tls: field.flag('Require STARTTLS (implicit TLS on port 465).').optional(),
    from_email: emailAddress(
      'The sender address; also where test messages go by default.',
    ).optional(),
    from_name: field.text('The sender’s display name.', 200).trim().optional(),
    unsubscribe_email: emailAddress(
      'The mailto: unsubscribe target (default `from_email`).',
    ).optional(),
    ...rateLimitFields,
  }),
  required: ['smtp_host', 'from_email'],
  target: { field: 'smtp_host', kind: 'host' },
  defaultRatePerSecond: 50,
});

export type EmailConfiguration = ParsedConfiguration<typeof emailChannel>;

export interface SmtpSettings {
  host: string;
  port: number;
  secure: boolean;
  requireTLS: boolean;
  user?: string;
  password?: string;
  fromEmail: string;
  fromName?: string;
  unsubscribeMailbox: string;
}

/** The transport settings of a configured email channel, defaults applied. */
export function smtpSettings(configuration: EmailConfiguration): SmtpSettings {
  const useTls = configuration.smtp_use_tls === true;
  const secure = configuration.secure === true || (useTls && configuration.smtp_port === 465);
  return {
    host: configuration.smtp_host,
    port: configuration.smtp_port ?? (secure ? 465 : 587),
    secure,
    requireTLS: useTls && !secure,
    user: nonEmpty(configuration.smtp_user) ?? nonEmpty(configuration.smtp_username),
    password: nonEmpty(configuration.smtp_password),
    fromEmail: configuration.from_email,
    fromName: nonEmpty(configuration.from_name),
    unsubscribeMailbox: nonEmpty(configuration.unsubscribe_email) ?? configuration.from_email,
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
