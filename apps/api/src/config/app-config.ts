import {
  booleanFlag,
  httpsBaseUrlInProduction,
  signingSecretInProduction,
  checkedBy,
  commaList,
  httpUrl,
  loadEnvironment,
  trustProxy,
  whenValid,
  wholeNumber,
  type Environment,
} from '@publishing/config';
import { databaseUrlProblem } from '@publishing/db';
import { prismaPaths, repositoryPath } from '@publishing/db/paths';
import { DEVELOPMENT_SIGNING_SECRET } from '@publishing/templating';
import * as z from 'zod';

/** Every variable the API reads. */
export const apiVariables = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().trim().default('127.0.0.1'),
  PORT: wholeNumber(1, 65535).default(8080),
  DATABASE_URL: checkedBy(databaseUrlProblem),
  API_BASE_URL: httpUrl().default('http://localhost:8080'),
  ALLOW_HTTP_BASE_URL: booleanFlag(),
  CORS_ORIGINS: commaList(),
  ALLOWED_HOSTS: commaList(),
  BODY_LIMIT: z
    .string()
    .regex(/^\d+(b|kb|mb)$/i, 'must look like 100kb or 1mb')
    .default('1mb'),
  RATE_LIMIT_PER_MINUTE: wholeNumber(1).default(600),
  /** Per client address on the routes without an API key (tracking links record within it). */
  PUBLIC_LIMIT_PER_MINUTE: wholeNumber(1).default(1200),
  /** Invalid API keys per minute per client address before it is refused (429), any key. */
  AUTH_FAILURES_PER_MINUTE: wholeNumber(1).default(10),
  /** Which proxies' `X-Forwarded-For` names the client (per-client limits); unset: none. */
  TRUST_PROXY: trustProxy(),
  ON_PENDING_MIGRATIONS: z.enum(['refuse', 'not-ready']).optional(),
  MIGRATIONS_DIR: z.string().transform(repositoryPath).default(prismaPaths.migrations),
  /** The console's build (`@publishing/console`'s dist/), served at /console. */
  CONSOLE_DIR: z.string().transform(repositoryPath).default(repositoryPath('apps/console/dist')),
  SIGNING_SECRET: z.string().min(32).optional(),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  SMTP_HOST: z.string().trim().optional(),
  SMTP_PORT: wholeNumber(1, 65535).optional(),
  SMTP_SECURE: booleanFlag(),
  SMTP_USER: z.string().optional(),
  SMTP_PASSWORD: z.string().optional(),
  SMTP_FROM: z.email({ error: 'must be an email address (no display name)' }).optional(),
  /** Channels may send to loopback, private and other non-public addresses (self-hosted setups). */
  ALLOW_PRIVATE_TARGETS: booleanFlag(),
  /** Prometheus's `/metrics`, on a port apart from the public one; 0 turns it off. */
  METRICS_PORT: wholeNumber(0, 65535).default(9464),
  METRICS_HOST: z.string().trim().optional(),
});

/** The API's settings, keyed by variable name as `ConfigService` serves them. */
export const apiEnvironment = apiVariables
  .refine(...signingSecretInProduction())
  .refine(...httpsBaseUrlInProduction())
  .refine((env) => env.SMTP_HOST === undefined || env.SMTP_FROM !== undefined, {
    path: ['SMTP_FROM'],
    message: 'is required when SMTP_HOST is set (the address test emails come from)',
    when: whenValid('SMTP_HOST', 'SMTP_FROM'),
  })
  .refine((env) => (env.SMTP_USER === undefined) === (env.SMTP_PASSWORD === undefined), {
    path: ['SMTP_PASSWORD'],
    message: 'and SMTP_USER go together: set both to authenticate, or neither',
    when: whenValid('SMTP_USER', 'SMTP_PASSWORD'),
  })
  .refine((env) => !env.CORS_ORIGINS.includes('*') || env.CORS_ORIGINS.length === 1, {
    path: ['CORS_ORIGINS'],
    message: 'cannot combine "*" with other origins',
    when: whenValid('CORS_ORIGINS'),
  })
  .refine((env) => env.METRICS_PORT !== env.PORT, {
    path: ['METRICS_PORT'],
    message: 'must differ from PORT: metrics stay off the public port',
    when: whenValid('PORT', 'METRICS_PORT'),
  })
  .transform((env) => ({
    ...env,
    /** What to do when the database is not at the head of the shipped history. */
    ON_PENDING_MIGRATIONS:
      env.ON_PENDING_MIGRATIONS ?? (env.NODE_ENV === 'production' ? 'refuse' : 'not-ready'),
    SIGNING_SECRET: env.SIGNING_SECRET ?? DEVELOPMENT_SIGNING_SECRET,
  }));

export type ApiConfig = z.output<typeof apiEnvironment>;

/** Validates the API's settings once, before anything starts; throws a `ConfigError`. */
export function loadApiConfig(env: Environment = process.env): ApiConfig {
  return loadEnvironment(apiEnvironment, env, 'Invalid API configuration');
}
