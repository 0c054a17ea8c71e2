import { resolve } from 'node:path';
import {
  checkedBy,
  commaList,
  httpUrl,
  loadEnvironment,
  whenValid,
  wholeNumber,
  type Environment,
} from '@publishing/config';
import { databaseUrlProblem } from '@publishing/db';
import { DEVELOPMENT_SIGNING_SECRET } from '@publishing/templating';
import { z } from 'zod';

/** Every variable the API reads. */
export const apiVariables = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: wholeNumber(1, 65535).default(8080),
  DATABASE_URL: checkedBy(databaseUrlProblem),
  API_BASE_URL: httpUrl().default('http://localhost:8080'),
  CORS_ORIGINS: commaList(),
  ALLOWED_HOSTS: commaList(),
  BODY_LIMIT: z
    .string()
    .regex(/^\d+(b|kb|mb)$/i, 'must look like 100kb or 1mb')
    .default('1mb'),
  RATE_LIMIT_PER_MINUTE: wholeNumber(1).default(600),
  ON_PENDING_MIGRATIONS: z.enum(['refuse', 'not-ready']).optional(),
  MIGRATIONS_DIR: z
    .string()
    .default('prisma/migrations')
    .transform((directory) => resolve(directory)),
  SIGNING_SECRET: z.string().min(32).optional(),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  SMTP_HOST: z.string().trim().optional(),
  SMTP_FROM: z.string().trim().optional(),
  /** Prometheus's `/metrics`, on a port apart from the public one; 0 turns it off. */
  METRICS_PORT: wholeNumber(0, 65535).default(9464),
  METRICS_HOST: z.string().trim().optional(),
});

/** The API's settings, keyed by variable name as `ConfigService` serves them. */
export const apiEnvironment = apiVariables
  .refine((env) => env.NODE_ENV !== 'production' || env.SIGNING_SECRET !== undefined, {
    path: ['SIGNING_SECRET'],
    message: 'is required in production',
    when: whenValid('NODE_ENV', 'SIGNING_SECRET'),
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
