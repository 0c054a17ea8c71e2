import type { ChannelType } from '@publishing/db';
import { isEmail } from 'class-validator';
import type { FieldError } from '../common/errors/domain-errors';

export type ChannelConfiguration = Record<string, unknown>;

/** The configuration key holding the URL each HTTP-based channel type posts to. */
export const TARGET_URL_KEY: Partial<Record<ChannelType, string>> = {
  webhook: 'url',
  slack: 'webhook_url',
  discord: 'webhook_url',
};

const MAX_URL_LENGTH = 2048;

/**
 * The values a channel's configuration may hold, for the keys it sets. What it lacks is allowed,
 * as in the old service: the channel then says `configured: false` (`missingConfiguration`).
 * Other keys are kept as sent: legacy configurations carry free-form settings.
 */
export function configurationErrors(
  type: ChannelType,
  configuration: ChannelConfiguration,
): FieldError[] {
  const errors: FieldError[] = [];
  const targetKey = TARGET_URL_KEY[type];
  if (targetKey && configuration[targetKey] !== undefined) {
    const problem = httpUrlProblem(configuration[targetKey]);
    if (problem) errors.push({ field: `configuration.${targetKey}`, message: problem });
  }
  if (type === 'webhook' && configuration.headers !== undefined) {
    if (!isStringRecord(configuration.headers)) {
      errors.push({
        field: 'configuration.headers',
        message: 'must be an object of header names to string values',
      });
    }
  }
  if (type === 'email') errors.push(...emailConfigurationErrors(configuration));
  return errors;
}

function emailConfigurationErrors(configuration: ChannelConfiguration): FieldError[] {
  const errors: FieldError[] = [];
  const { from_email: fromEmail, smtp_port: smtpPort, smtp_use_tls: smtpUseTls } = configuration;
  if (fromEmail !== undefined && (typeof fromEmail !== 'string' || !isEmail(fromEmail))) {
    errors.push({ field: 'configuration.from_email', message: 'must be an email address' });
  }
  for (const key of ['smtp_host', 'smtp_username', 'smtp_password', 'from_name']) {
    if (configuration[key] !== undefined && typeof configuration[key] !== 'string') {
      errors.push({ field: `configuration.${key}`, message: 'must be a string' });
    }
  }
  const validPort =
    typeof smtpPort === 'number' &&
    Number.isInteger(smtpPort) &&
    smtpPort >= 1 &&
    smtpPort <= 65535;
  if (smtpPort !== undefined && !validPort) {
    errors.push({
      field: 'configuration.smtp_port',
      message: 'must be an integer from 1 to 65535',
    });
  }
  if (smtpUseTls !== undefined && typeof smtpUseTls !== 'boolean') {
    errors.push({ field: 'configuration.smtp_use_tls', message: 'must be a boolean' });
  }
  return errors;
}

function httpUrlProblem(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > MAX_URL_LENGTH) {
    return `must be an http(s) URL of at most ${MAX_URL_LENGTH} characters`;
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'must be an http(s) URL';
  }
  return url.protocol === 'http:' || url.protocol === 'https:'
    ? undefined
    : 'must be an http(s) URL';
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((item) => typeof item === 'string')
  );
}
