import { hostname } from 'node:os';
import { databaseUrlProblem } from '@publishing/db';
import { z } from 'zod';
import { DEVELOPMENT_SIGNING_SECRET } from '@publishing/templating';

const wholeNumber = (min: number, max: number, fallback: number) =>
  z.coerce
    .number({ error: `must be a whole number from ${min} to ${max}` })
    .int({ error: `must be a whole number from ${min} to ${max}` })
    .min(min, { error: `must be a whole number from ${min} to ${max}` })
    .max(max, { error: `must be a whole number from ${min} to ${max}` })
    .default(fallback);

const databaseUrl = z.string({ error: 'is required' }).superRefine((value, context) => {
  const problem = databaseUrlProblem(value);
  if (problem) context.addIssue({ code: 'custom', message: problem });
});

const EnvironmentSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    DATABASE_URL: databaseUrl,
    SIGNING_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    API_BASE_URL: z
      .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
      .default('http://localhost:8080'),
    WORKER_ID: z
      .string()
      .min(1, 'must not be empty')
      .max(100, 'must be at most 100 characters')
      .default(`${hostname()}-${process.pid}`),
    WORKER_CONCURRENCY: wholeNumber(1, 1000, 20),
    WORKER_BATCH_SIZE: wholeNumber(1, 10_000, 100),
    WORKER_LEASE_SECONDS: wholeNumber(1, 3600, 60),
    WORKER_MAX_ATTEMPTS: wholeNumber(1, 100, 8),
    WORKER_POLL_INTERVAL_MS: wholeNumber(10, 60_000, 1000),
    WORKER_MAX_LATENESS_SECONDS: wholeNumber(0, 30 * 86_400, 3600),
    WORKER_RETRY_BASE_MS: wholeNumber(1, 3_600_000, 10_000),
    WORKER_RETRY_MAX_MS: wholeNumber(1, 86_400_000, 30 * 60_000),
    WORKER_SEND_TIMEOUT_MS: wholeNumber(100, 300_000, 15_000),
    WORKER_SHUTDOWN_TIMEOUT_MS: wholeNumber(0, 600_000, 30_000),
    LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  })
  .superRefine((env, context) => {
    if (env.WORKER_LEASE_SECONDS * 1000 < 2 * env.WORKER_SEND_TIMEOUT_MS) {
      context.addIssue({
        code: 'custom',
        path: ['WORKER_LEASE_SECONDS'],
        message: `must be at least twice WORKER_SEND_TIMEOUT_MS (${env.WORKER_SEND_TIMEOUT_MS} ms), or a slow send outlives its claim and is sent twice`,
      });
    }
    if (env.WORKER_RETRY_MAX_MS < env.WORKER_RETRY_BASE_MS) {
      context.addIssue({
        code: 'custom',
        path: ['WORKER_RETRY_MAX_MS'],
        message: 'must be at least WORKER_RETRY_BASE_MS',
      });
    }
  });

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface WorkerConfig {
  environment: 'development' | 'test' | 'production';
  databaseUrl: string;
  signingSecret: string;
  /** Public base URL of the API: tracking and unsubscribe links point there. */
  apiBaseUrl: string;
  /** Written to `claimed_by`; unique per running worker. */
  workerId: string;
  /** Sends in flight at once. */
  concurrency: number;
  /** Deliveries claimed per claim statement. */
  batchSize: number;
  /** How long a claim holds before another worker may retake it. */
  leaseSeconds: number;
  /** Attempts (claims) per delivery before a transient failure becomes final. */
  maxAttempts: number;
  pollIntervalMs: number;
  /** A publication due longer ago than this fails with `too_late`; 0 = no limit. */
  maxLatenessSeconds: number;
  retryBaseMs: number;
  retryMaxMs: number;
  /** Timeout of one send (HTTP request, SMTP transaction). */
  sendTimeoutMs: number;
  /** How long a stop waits for in-flight sends before giving up (their claims then expire). */
  shutdownTimeoutMs: number;
  logLevel: LogLevel;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Reads and validates the environment once at boot; the error names every bad variable. */
export function loadWorkerConfig(env: NodeJS.ProcessEnv = process.env): WorkerConfig {
  const values = withoutEmptyValues(env);
  const parsed = EnvironmentSchema.safeParse(values);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map(
        (issue) => `${issue.path.join('.') || 'environment'} ${issue.message}`,
      );
  // Checked on its own so that it is reported together with any other problem.
  if (values.NODE_ENV === 'production' && values.SIGNING_SECRET === undefined) {
    problems.push('SIGNING_SECRET is required in production');
  }
  if (!parsed.success || problems.length > 0) {
    throw new ConfigError(`Invalid worker configuration: ${problems.join('; ')}.`);
  }
  const value = parsed.data;
  return {
    environment: value.NODE_ENV,
    databaseUrl: value.DATABASE_URL,
    signingSecret: value.SIGNING_SECRET ?? DEVELOPMENT_SIGNING_SECRET,
    apiBaseUrl: value.API_BASE_URL.replace(/\/+$/, ''),
    workerId: value.WORKER_ID,
    concurrency: value.WORKER_CONCURRENCY,
    batchSize: value.WORKER_BATCH_SIZE,
    leaseSeconds: value.WORKER_LEASE_SECONDS,
    maxAttempts: value.WORKER_MAX_ATTEMPTS,
    pollIntervalMs: value.WORKER_POLL_INTERVAL_MS,
    maxLatenessSeconds: value.WORKER_MAX_LATENESS_SECONDS,
    retryBaseMs: value.WORKER_RETRY_BASE_MS,
    retryMaxMs: value.WORKER_RETRY_MAX_MS,
    sendTimeoutMs: value.WORKER_SEND_TIMEOUT_MS,
    shutdownTimeoutMs: value.WORKER_SHUTDOWN_TIMEOUT_MS,
    logLevel: value.LOG_LEVEL,
  };
}

/** `FOO=` in a shell or an env file means "not set", not "set to nothing". */
function withoutEmptyValues(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter(
      (entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== '',
    ),
  );
}
