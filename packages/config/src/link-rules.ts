import type * as z from 'zod';
import { whenValid } from './validators';

/** A rule across variables, in the two arguments of zod's `.refine(check, options)`. */
type Rule<Settings> = [check: (settings: Settings) => boolean, options: z.core.$ZodCustomParams];

/**
 * The API and the worker both build the links recipients follow (unsubscribe, tracking) from
 * `API_BASE_URL`, signed with `SIGNING_SECRET`: one rule each, for both schemas
 * (`.refine(...signingSecretInProduction())`).
 */
export function signingSecretInProduction(): Rule<{ NODE_ENV: string; SIGNING_SECRET?: string }> {
  return [
    (env) => env.NODE_ENV !== 'production' || env.SIGNING_SECRET !== undefined,
    {
      path: ['SIGNING_SECRET'],
      message: 'is required in production',
      when: whenValid('NODE_ENV', 'SIGNING_SECRET'),
    },
  ];
}

export function httpsBaseUrlInProduction(): Rule<{
  NODE_ENV: string;
  API_BASE_URL: string;
  ALLOW_HTTP_BASE_URL: boolean;
}> {
  return [
    (env) =>
      env.NODE_ENV !== 'production' ||
      env.API_BASE_URL.startsWith('https://') ||
      env.ALLOW_HTTP_BASE_URL,
    {
      path: ['API_BASE_URL'],
      message:
        'must be an https:// URL in production (unsubscribe and tracking links are built on it, ' +
        'and one-click unsubscribe, RFC 8058, expects https): set the public https URL clients ' +
        'reach the API at, or ALLOW_HTTP_BASE_URL=true on a trusted internal network',
      when: whenValid('NODE_ENV', 'API_BASE_URL', 'ALLOW_HTTP_BASE_URL'),
    },
  ];
}
