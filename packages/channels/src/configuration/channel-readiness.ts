import type * as z from 'zod';
import { RATE_LIMIT_KEYS, type ParsedConfiguration } from '../definitions/channel-definition';
import { channelDefinitions, definitionOf, type ChannelType } from '../definitions';
import { fieldName, isPlainObject, type ConfigurationError } from './configuration-error';

export interface ChannelReadiness {
  /** True when a send can go: nothing missing, nothing invalid. */
  configured: boolean;
  /** Required keys that are absent or blank. */
  missing: string[];
  /** Keys that are set but invalid (stored before they were validated), rate limits aside. */
  invalid: ConfigurationError[];
}

/**
 * Whether a stored channel can send. Channels may be stored incomplete (old clients create them
 * with `{}`); such a channel says `configured: false`, and sends through it fail naming what it
 * lacks. An invalid rate limit does not count: the type's default applies instead.
 */
export function channelReadiness(type: string, configuration: unknown): ChannelReadiness {
  return memoized(readinessByConfiguration, type, configuration, () =>
    readinessOf(type, configuration),
  );
}

/**
 * Results per stored configuration object and type. A worker sends thousands of deliveries
 * through one channel row it read once: validating its configuration with zod for each send cost
 * about as much as signing the webhook. The stored objects are never changed in place (a
 * changed channel is a new row read), and neither are the results.
 */
const readinessByConfiguration = new WeakMap<object, Map<string, ChannelReadiness>>();
const parsedByConfiguration = new WeakMap<object, Map<string, unknown>>();

function memoized<Result>(
  cache: WeakMap<object, Map<string, Result>>,
  type: string,
  configuration: unknown,
  compute: () => Result,
): Result {
  if (typeof configuration !== 'object' || configuration === null) return compute();
  let byType = cache.get(configuration);
  if (!byType) {
    byType = new Map();
    cache.set(configuration, byType);
  }
  if (byType.has(type)) return byType.get(type) as Result;
  const result = compute();
  byType.set(type, result);
  return result;
}

function readinessOf(type: string, configuration: unknown): ChannelReadiness {
  const definition = definitionOf(type);
  if (!definition) return { configured: true, missing: [], invalid: [] };
  const values = isPlainObject(configuration) ? configuration : {};
  const missing = definition.required.filter((key) => isBlank(values[key]));
  const invalid: ConfigurationError[] = [];
  for (const [key, schema] of Object.entries(definition.schema.shape)) {
    const value = values[key];
    if (value === undefined || missing.includes(key) || isRateLimitKey(key)) continue;
    const parsed = (schema as z.ZodType).safeParse(value);
    if (!parsed.success) {
      const [issue] = parsed.error.issues;
      invalid.push({
        field: fieldName([key, ...(issue?.path ?? [])]),
        message: issue?.message ?? 'is invalid',
      });
    }
  }
  return { configured: missing.length === 0 && invalid.length === 0, missing, invalid };
}

/** A configuration a send cannot use, with what it lacks. */
export class ChannelConfigurationError extends Error {
  override readonly name = 'ChannelConfigurationError';
  constructor(
    readonly missing: string[],
    readonly invalid: ConfigurationError[],
  ) {
    super(
      `it needs ${[
        ...missing.map((key) => fieldName([key])),
        ...invalid.map((error) => `${error.field} (${error.message})`),
      ].join(', ')}`,
    );
  }
}

/**
 * A stored configuration, typed for the adapter of `type`, defaults and trimming applied; throws
 * a `ChannelConfigurationError` naming what is missing or invalid. Invalid rate limits are
 * dropped (the worker falls back to the type's default for them).
 */
export function parseChannelConfiguration<Type extends ChannelType>(
  type: Type,
  stored: unknown,
): ParsedConfiguration<(typeof channelDefinitions)[Type]> {
  return memoized(parsedByConfiguration, type, stored, () =>
    parsedConfigurationOf(type, stored),
  ) as ParsedConfiguration<(typeof channelDefinitions)[Type]>;
}

function parsedConfigurationOf<Type extends ChannelType>(
  type: Type,
  stored: unknown,
): ParsedConfiguration<(typeof channelDefinitions)[Type]> {
  const readiness = channelReadiness(type, stored);
  if (!readiness.configured) {
    throw new ChannelConfigurationError(readiness.missing, readiness.invalid);
  }
  const definition = channelDefinitions[type];
  const values = { ...(isPlainObject(stored) ? stored : {}) };
  const shape = definition.schema.shape as z.ZodRawShape;
  for (const key of RATE_LIMIT_KEYS) {
    const schema = shape[key] as z.ZodType | undefined;
    if (schema && !schema.safeParse(values[key]).success) delete values[key];
  }
  const parsed = definition.schema.safeParse(values);
  if (!parsed.success) {
    throw new ChannelConfigurationError(
      [],
      parsed.error.issues.map((issue) => ({
        field: fieldName(issue.path),
        message: issue.message,
      })),
    );
  }
  return parsed.data as ParsedConfiguration<(typeof channelDefinitions)[Type]>;
}

function isBlank(value: unknown): boolean {
  return (
    value === undefined || value === null || (typeof value === 'string' && value.trim() === '')
  );
}

function isRateLimitKey(key: string): boolean {
  return (RATE_LIMIT_KEYS as string[]).includes(key);
}
