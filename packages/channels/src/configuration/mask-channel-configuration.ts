import type * as z from 'zod';
import { definitionOf } from '../definitions';
import { URL_USER_INFO, isSecretField } from '../definitions/channel-definition';
import { isPlainObject, type ConfigurationError } from './configuration-error';

/**
 * Channel secrets are write-only: responses carry `****` plus, for long values, their last four
 * characters, so an operator can tell which secret is stored without reading it.
 */
export const MASK = '****';
const MIN_LENGTH_TO_SHOW_TAIL = 12;

export function maskSecret(value: string | number): string {
  const text = String(value);
  return text.length >= MIN_LENGTH_TO_SHOW_TAIL ? `${MASK}${text.slice(-4)}` : MASK;
}

/** `text` with the user-info of every URL in it (user and password) replaced by the mask. */
export function maskUrlUserInfo(text: string): string {
  return text.replace(URL_USER_INFO, (_match, scheme: string) => `${scheme}${MASK}@`);
}

const MASKED_USER_INFO = /\b[a-z][a-z0-9+.-]*:\/\/[^\s/?#]*\*\*\*\*[^\s/?#]*@/i;

/**
 * The configuration as responses show it. Masked: every value (at any depth) of the fields the
 * type's schema declares secret (a webhook's `headers`: every header value) and of keys the
 * schema does not know; in the other fields, the user-info of any URL. Booleans and nulls stay.
 */
export function maskChannelConfiguration(type: string, configuration: unknown): unknown {
  if (!isPlainObject(configuration)) return maskLeaves(configuration, true);
  return Object.fromEntries(
    Object.entries(configuration).map(([key, value]) => [
      key,
      maskLeaves(value, isSecretPosition(type, key)),
    ]),
  );
}

/**
 * Clients read a masked configuration, edit it and send it back: a value sent back exactly as
 * masked keeps the stored one. Any other masked-looking value in a secret position (or a URL with
 * masked user-info) is refused, since storing it would replace a secret with its mask.
 */
export function restoreMaskedSecrets(
  type: string,
  incoming: Record<string, unknown>,
  stored: unknown,
): { configuration: Record<string, unknown>; errors: ConfigurationError[] } {
  const errors: ConfigurationError[] = [];
  const previousEntries = isPlainObject(stored) ? stored : {};
  const restore = (value: unknown, previous: unknown, secret: boolean, path: string): unknown => {
    if (Array.isArray(value)) {
      const previousItems = Array.isArray(previous) ? previous : [];
      return value.map((item, index) =>
        restore(item, previousItems[index], secret, `${path}.${index}`),
      );
    }
    if (isPlainObject(value)) {
      const previousObject = isPlainObject(previous) ? previous : {};
      return Object.fromEntries(
        Object.entries(value).map(([key, item]) => [
          key,
          restore(item, previousObject[key], secret, `${path}.${key}`),
        ]),
      );
    }
    if (typeof value !== 'string') return value;
    const masked =
      secret && (typeof previous === 'string' || typeof previous === 'number')
        ? maskSecret(previous)
        : typeof previous === 'string'
          ? maskUrlUserInfo(previous)
          : undefined;
    if (masked === value && masked !== previous) return previous;
    if ((secret && value.startsWith(MASK)) || MASKED_USER_INFO.test(value)) {
      errors.push({
        field: path,
        message: 'is a masked value that does not match the stored secret: send the secret itself',
      });
    }
    return value;
  };
  const configuration = Object.fromEntries(
    Object.entries(incoming).map(([key, value]) => [
      key,
      restore(value, previousEntries[key], isSecretPosition(type, key), `configuration.${key}`),
    ]),
  );
  return { configuration, errors };
}

/** Declared secret fields and keys the type's schema does not know are secret as a whole. */
function isSecretPosition(type: string, key: string): boolean {
  const shape = definitionOf(type)?.schema.shape;
  const schema = shape && Object.hasOwn(shape, key) ? (shape[key] as z.ZodType) : undefined;
  return schema === undefined || isSecretField(schema);
}

function maskLeaves(value: unknown, secret: boolean): unknown {
  if (Array.isArray(value)) return value.map((item) => maskLeaves(item, secret));
  if (isPlainObject(value)) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, maskLeaves(item, secret)]),
    );
  }
  if (secret && (typeof value === 'string' || typeof value === 'number')) return maskSecret(value);
  return typeof value === 'string' ? maskUrlUserInfo(value) : value;
}
