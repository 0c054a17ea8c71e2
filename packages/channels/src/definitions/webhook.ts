import * as z from 'zod';
import {
  defineChannel,
  field,
  rateLimitFields,
  secret,
  type ParsedConfiguration,
} from './channel-definition';

/** RFC 9110 field names; values without line breaks (Node refuses those at send time). */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const HEADER_VALUE = /^[^\r\n\0]*$/;
const MAX_HEADERS = 50;

const headers = z
  .record(
    z.string().regex(HEADER_NAME, { error: 'must be an HTTP header name' }),
    z
      .string({ error: 'must be a string' })
      .max(4096, { error: 'must be at most 4096 characters' })
      .regex(HEADER_VALUE, { error: 'must not contain line breaks' }),
    { error: 'must be an object of header names to string values' },
  )
  .refine((value) => Object.keys(value).length <= MAX_HEADERS, {
    error: `must have at most ${MAX_HEADERS} headers`,
  });

/** Generic webhooks: the JSON payload POSTed to `url`, signed when `signing_secret` is set. */
export const webhookChannel = defineChannel({
  schema: z.looseObject({
    url: secret(
      field.httpUrl('Where the JSON payload is POSTed (public unless ALLOW_PRIVATE_TARGETS).'),
      'Such URLs often carry a token.',
    ).optional(),
    headers: secret(
      headers.meta({ description: 'Extra request headers, name to value.' }),
      'Every value is masked.',
    ).optional(),
    signing_secret: secret(
      field.text('Signs each body (X-Publishing-Signature, HMAC-SHA256).'),
      'The HMAC key.',
    ).optional(),
    ...rateLimitFields,
  }),
  required: ['url'],
  target: { field: 'url', kind: 'url' },
  defaultRatePerSecond: 100,
});

export type WebhookConfiguration = ParsedConfiguration<typeof webhookChannel>;
