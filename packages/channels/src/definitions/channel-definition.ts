import * as z from 'zod';

/**
 * One channel type's configuration: its zod schema (every field optional, since channels may be
 * stored incomplete; unknown keys kept, since legacy clients stored free-form settings), the keys
 * a send cannot go without, where it sends (checked against the target policy) and its default
 * rate limit. Secret fields are declared in the schema itself, with `secret()`.
 */
export interface ChannelDefinition<
  Schema extends z.ZodObject = z.ZodObject,
  Required extends string = string,
> {
  readonly schema: Schema;
  /** The keys `configured` needs (present, not blank, valid). */
  readonly required: readonly Required[];
  /** The field naming where a send goes: a URL, or an SMTP host name. */
  readonly target?: { readonly field: string; readonly kind: 'url' | 'host' };
  /** Sends per second when the configuration sets no `rate_limit_per_second`. */
  readonly defaultRatePerSecond: number;
}

/** Keeps the literal types of a definition (its schema's shape and its required keys). */
export function defineChannel<
  Schema extends z.ZodObject,
  const Required extends keyof z.output<Schema> & string,
>(definition: ChannelDefinition<Schema, Required>): ChannelDefinition<Schema, Required> {
  return definition;
}

/** What an adapter reads: the parsed configuration, its required keys present. */
export type ParsedConfiguration<Definition> =
  Definition extends ChannelDefinition<infer Schema, infer Required>
    ? z.output<Schema> & { [Key in Required]-?: NonNullable<z.output<Schema>[Key]> }
    : never;

const SECRET = 'x-secret';

/**
 * Declares a field secret: responses mask its value (every leaf of it, for an object such as a
 * webhook's `headers`), logs redact it, and OpenAPI shows it as `x-secret`.
 */
export function secret<T extends z.ZodType>(schema: T, note?: string): T {
  const description = [z.globalRegistry.get(schema)?.description, note, 'Secret: answered masked.']
    .filter(Boolean)
    .join(' ');
  return schema.meta({ description, [SECRET]: true });
}

export function isSecretField(schema: z.ZodType): boolean {
  let current: z.ZodType | undefined = schema;
  while (current) {
    if (z.globalRegistry.get(current)?.[SECRET] === true) return true;
    current = current instanceof z.ZodOptional ? (current.unwrap() as z.ZodType) : undefined;
  }
  return false;
}

export const MAX_URL_LENGTH = 2048;
const MAX_TEXT_LENGTH = 1000;

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** A URL's user-info (`scheme://user:password@`), anywhere in a string. */
export const URL_USER_INFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#]*@/gi;

export const field = {
  text: (description: string, max = MAX_TEXT_LENGTH) =>
    z
      .string({ error: 'must be a string' })
      .max(max, { error: `must be at most ${max} characters` })
      .meta({ description }),

  httpUrl: (description: string) =>
    z
      .string({ error: 'must be an http(s) URL' })
      .max(MAX_URL_LENGTH, {
        error: `must be an http(s) URL of at most ${MAX_URL_LENGTH} characters`,
      })
      .refine(isHttpUrl, { error: 'must be an http(s) URL' })
      .meta({ description, format: 'uri' }),

  flag: (description: string) => z.boolean({ error: 'must be a boolean' }).meta({ description }),

  port: (description: string) =>
    z
      .number({ error: 'must be an integer from 1 to 65535' })
      .int({ error: 'must be an integer from 1 to 65535' })
      .min(1, { error: 'must be an integer from 1 to 65535' })
      .max(65535, { error: 'must be an integer from 1 to 65535' })
      .meta({ description }),
};

/** Deliberately strict: one @, no spaces or angle brackets, a dot in the domain. */
export const EMAIL_ADDRESS = /^[^\s@<>()[\]",;:\\]+@[^\s@<>()[\]",;:\\]+\.[^\s@<>()[\]",;:\\]+$/;

export const emailAddress = (description: string) =>
  z
    .string({ error: 'must be an email address' })
    .trim()
    .max(320, { error: 'must be an email address of at most 320 characters' })
    .regex(EMAIL_ADDRESS, { error: 'must be an email address' })
    .meta({ description, format: 'email' });

export const MAX_RATE_PER_SECOND = 100_000;
export const MAX_BURST = 100_000;

/** Every type's rate limit: the worker sends at most this fast through one channel. */
export const rateLimitFields = {
  rate_limit_per_second: z
    .number({ error: `must be a number above 0 and at most ${MAX_RATE_PER_SECOND}` })
    .positive({ error: `must be a number above 0 and at most ${MAX_RATE_PER_SECOND}` })
    .max(MAX_RATE_PER_SECOND, {
      error: `must be a number above 0 and at most ${MAX_RATE_PER_SECOND}`,
    })
    .meta({ description: 'Sends per second through this channel (default: the type’s own).' })
    .optional(),
  rate_limit_burst: z
    .number({ error: `must be a number from 1 to ${MAX_BURST}` })
    .min(1, { error: `must be a number from 1 to ${MAX_BURST}` })
    .max(MAX_BURST, { error: `must be a number from 1 to ${MAX_BURST}` })
    .meta({ description: 'Sends allowed at once after a quiet spell (default 1: evenly spaced).' })
    .optional(),
};

export const RATE_LIMIT_KEYS = Object.keys(rateLimitFields) as (keyof typeof rateLimitFields)[];
