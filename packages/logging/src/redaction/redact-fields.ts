import { isChannelConfigurationName, isCredentialName, isTokenUrlName } from './credential-keys';
import { REDACTED } from './redact-text';

const MAX_DEPTH = 10;

/**
 * A copy of `value` whose credential fields are replaced at any depth: values under a credential
 * name (`password`, `authorization`, `x-api-key`, `cookie`, `signing_secret`…) and under a URL name
 * (`url`, `webhook_url`: chat and webhook URLs embed their token), and every value of a channel
 * `configuration`. Only plain objects and arrays are
 * walked; other objects (errors, requests) are left to their serializers.
 */
export function redactCredentialFields<T>(value: T): T {
  return redact(value, false, new Set()) as T;
}

function redact(value: unknown, secret: boolean, ancestors: Set<object>): unknown {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'bigint')
    return secret ? REDACTED : value;
  if (typeof value !== 'object' || value === null) return value;
  if (!Array.isArray(value) && !isPlainObject(value)) return value;
  // What cannot be walked cannot be shown: it might hold a credential.
  if (ancestors.has(value)) return '[Circular]';
  if (ancestors.size >= MAX_DEPTH) return '[Too deep]';
  ancestors.add(value);
  const copy = Array.isArray(value)
    ? value.map((item) => redact(item, secret, ancestors))
    : Object.fromEntries(
        Object.entries(value).map(([key, item]) => [
          key,
          redact(
            item,
            secret ||
              isCredentialName(key) ||
              isTokenUrlName(key) ||
              isChannelConfigurationName(key),
            ancestors,
          ),
        ]),
      );
  ancestors.delete(value);
  return copy;
}

function isPlainObject(value: object): boolean {
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}
