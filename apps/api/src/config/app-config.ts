import { resolve } from 'node:path';
import { databaseUrlProblem } from '@publishing/db';
import { z } from 'zod';
import { DEVELOPMENT_SIGNING_SECRET } from '@publishing/templating';

const commaSeparated = z
  .string()
  .optional()
  .transform((value) =>
    (value ?? '')
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item.length > 0),
  );

const databaseUrl = z.string({ error: 'is required' }).superRefine((value, context) => {
  const problem = databaseUrlProblem(value);
  if (problem) context.addIssue({ code: 'custom', message: problem });
});

const EnvironmentSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    PORT: z.coerce
      .number({ error: 'must be a whole number between 1 and 65535' })
      .int({ error: 'must be a whole number between 1 and 65535' })
      .min(1, { error: 'must be a whole number between 1 and 65535' })
      .max(65535, { error: 'must be a whole number between 1 and 65535' })
      .default(8080),
    DATABASE_URL: databaseUrl,
    API_BASE_URL: z.url().default('http://localhost:8080'),
    CORS_ORIGINS: commaSeparated,
    ALLOWED_HOSTS: commaSeparated,
    BODY_LIMIT: z
      .string()
      .regex(/^\d+(b|kb|mb)$/i, 'must look like 100kb or 1mb')
      .default('1mb'),
    RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(600),
    ON_PENDING_MIGRATIONS: z.enum(['refuse', 'not-ready']).optional(),
    MIGRATIONS_DIR: z.string().default('prisma/migrations'),
    SIGNING_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  })
  .superRefine((env, context) => {
    if (env.NODE_ENV === 'production' && !env.SIGNING_SECRET) {
      context.addIssue({
        code: 'custom',
        path: ['SIGNING_SECRET'],
        message: 'is required in production',
      });
    }
    if (env.CORS_ORIGINS.includes('*') && env.CORS_ORIGINS.length > 1) {
      context.addIssue({
        code: 'custom',
        path: ['CORS_ORIGINS'],
        message: '"*" cannot be combined with other origins',
      });
    }
  });

export interface AppConfig {
  environment: 'development' | 'test' | 'production';
  port: number;
  databaseUrl: string;
  apiBaseUrl: string;
  corsOrigins: string[];
  allowedHosts: string[];
  bodyLimit: string;
  rateLimitPerMinute: number;
  /** What to do when the database is not at the head of the shipped history. */
  onPendingMigrations: 'refuse' | 'not-ready';
  migrationsDir: string;
  signingSecret: string;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Reads and validates the environment once at boot; the error names every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = EnvironmentSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || 'environment'} ${issue.message}`,
    );
    throw new ConfigError(`Invalid configuration: ${problems.join('; ')}.`);
  }
  const value = parsed.data;
  return {
    environment: value.NODE_ENV,
    port: value.PORT,
    databaseUrl: value.DATABASE_URL,
    apiBaseUrl: value.API_BASE_URL.replace(/\/$/, ''),
    corsOrigins: value.CORS_ORIGINS,
    allowedHosts: value.ALLOWED_HOSTS,
    bodyLimit: value.BODY_LIMIT,
    rateLimitPerMinute: value.RATE_LIMIT_PER_MINUTE,
    onPendingMigrations:
      value.ON_PENDING_MIGRATIONS ?? (value.NODE_ENV === 'production' ? 'refuse' : 'not-ready'),
    migrationsDir: resolve(value.MIGRATIONS_DIR),
    signingSecret: value.SIGNING_SECRET ?? DEVELOPMENT_SIGNING_SECRET,
    logLevel: value.LOG_LEVEL,
  };
}

export const APP_CONFIG = Symbol('APP_CONFIG');
