import type { ChannelType } from '@publishing/db';
import { isCredentialName, isTokenUrlName } from '@publishing/logging/redaction';
import type { FieldError } from '../common/errors/domain-errors';
import type { ChannelConfiguration } from './channel-configuration';

/**
 * Channel secrets are write-only: responses carry `****` plus, for long values, their last four
 * characters, so an operator can tell which secret is stored without reading it.
 */
export const MASK = '****';
const MIN_LENGTH_TO_SHOW_TAIL = 12;

/** Slack, Discord and webhook URLs embed their tokens in the path. */
const TYPES_WITH_SECRET_URLS: readonly ChannelType[] = ['webhook', 'slack', 'discord'];

export function maskSecret(value: string | number): string {
  const text = String(value);
  return text.length >= MIN_LENGTH_TO_SHOW_TAIL ? `${MASK}${text.slice(-4)}` : MASK;
}

/** The configuration as responses show it: every secret-looking value masked, at any depth. */
export function maskConfiguration(type: ChannelType, configuration: unknown): unknown {
  const isSecretKey = secretKeyPredicate(type);
  const mask = (value: unknown, secret: boolean): unknown => {
    if (Array.isArray(value)) return value.map((item) => mask(item, secret));
    if (isPlainObject(value)) {
      return Object.fromEntries(
        Object.entries(value).map(([key, item]) => [key, mask(item, secret || isSecretKey(key))]),
      );
    }
    return secret && (typeof value === 'string' || typeof value === 'number')
      ? maskSecret(value)
      : value;
  };
  return mask(configuration, false);
}

/**
 * Clients read a masked configuration, edit it and send it back: a secret sent back exactly as
 * masked keeps the stored value. Any other value starting with the mask is refused, since storing
 * it would silently replace a secret with its mask.
 */
export function restoreMaskedSecrets(
  type: ChannelType,
  incoming: ChannelConfiguration,
  stored: unknown,
): { configuration: ChannelConfiguration; errors: FieldError[] } {
  const isSecretKey = secretKeyPredicate(type);
  const errors: FieldError[] = [];
  const restore = (value: unknown, previous: unknown, secret: boolean, path: string): unknown => {
    if (Array.isArray(value)) {
      const previousItems = Array.isArray(previous) ? previous : [];
      return value.map((item, index) =>
        restore(item, previousItems[index], secret, `${path}.${index}`),
      );
    }
    if (isPlainObject(value)) {
      const previousEntries = isPlainObject(previous) ? previous : {};
      return Object.fromEntries(
        Object.entries(value).map(([key, item]) => [
          key,
          restore(item, previousEntries[key], secret || isSecretKey(key), `${path}.${key}`),
        ]),
      );
    }
    if (!secret || typeof value !== 'string' || !value.startsWith(MASK)) return value;
    if (
      (typeof previous === 'string' || typeof previous === 'number') &&
      maskSecret(previous) === value
    ) {
      return previous;
    }
    errors.push({
      field: path,
      message: 'is a masked value that does not match the stored secret: send the secret itself',
    });
    return value;
  };
  const configuration = restore(incoming, stored, false, 'configuration') as ChannelConfiguration;
  return { configuration, errors };
}

function secretKeyPredicate(type: ChannelType): (key: string) => boolean {
  const urlsAreSecret = TYPES_WITH_SECRET_URLS.includes(type);
  // The same names the logs redact (`@publishing/logging`), so what a response masks never
  // appears in a log line either.
  return (key) => isCredentialName(key) || (urlsAreSecret && isTokenUrlName(key));
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
