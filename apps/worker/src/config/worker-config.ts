import { hostname } from 'node:os';
import {
  booleanFlag,
  httpsBaseUrlInProduction,
  signingSecretInProduction,
  checkedBy,
  httpUrl,
  loadEnvironment,
  whenValid,
  wholeNumber,
  type Environment,
} from '@publishing/config';
import { databaseUrlProblem } from '@publishing/db';
import { DEVELOPMENT_SIGNING_SECRET } from '@publishing/templating';
import * as z from 'zod';

/** Unset, the claim lease is this, or `WORKER_LEASE_SECONDS` when that is shorter. */
const DEFAULT_CLAIM_LEASE_SECONDS = 5;

/** Every variable the worker reads. */
const workerVariables = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  DATABASE_URL: checkedBy(databaseUrlProblem),
  SIGNING_SECRET: z.string().min(32).optional(),
  API_BASE_URL: httpUrl().default('http://localhost:8080'),
  ALLOW_HTTP_BASE_URL: booleanFlag(),
  ALLOW_PRIVATE_TARGETS: booleanFlag(),
  WORKER_ID: z
    .string()
    .max(100)
    .default(() => `${hostname()}-${process.pid}`),
  WORKER_CONCURRENCY: wholeNumber(1, 1000).default(20),
  WORKER_BATCH_SIZE: wholeNumber(1, 10_000).default(100),
  WORKER_LEASE_SECONDS: wholeNumber(1, 3600).default(60),
  WORKER_CLAIM_LEASE_SECONDS: wholeNumber(1, 3600).optional(),
  WORKER_MAX_ATTEMPTS: wholeNumber(1, 100).default(8),
  WORKER_POLL_INTERVAL_MS: wholeNumber(10, 60_000).default(1000),
  WORKER_MAX_LATENESS_SECONDS: wholeNumber(0, 30 * 86_400).default(3600),
  WORKER_RETRY_BASE_MS: wholeNumber(1, 3_600_000).default(10_000),
  WORKER_RETRY_MAX_MS: wholeNumber(1, 86_400_000).default(30 * 60_000),
  WORKER_SEND_TIMEOUT_MS: wholeNumber(100, 300_000).default(15_000),
  WORKER_SHUTDOWN_TIMEOUT_MS: wholeNumber(0, 600_000).default(30_000),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  WORKER_METRICS_PORT: wholeNumber(0, 65535).default(9465),
  WORKER_METRICS_HOST: z.string().trim().optional(),
});

const workerEnvironment = workerVariables
  .refine(...signingSecretInProduction())
  .refine(...httpsBaseUrlInProduction())
  .refine((env) => env.WORKER_LEASE_SECONDS * 1000 >= 2 * env.WORKER_SEND_TIMEOUT_MS, {
    path: ['WORKER_LEASE_SECONDS'],
    message:
      'must be at least twice WORKER_SEND_TIMEOUT_MS, or a slow send outlives its claim and is sent twice',
    when: whenValid('WORKER_LEASE_SECONDS', 'WORKER_SEND_TIMEOUT_MS'),
  })
  .refine((env) => (env.WORKER_CLAIM_LEASE_SECONDS ?? 0) <= env.WORKER_LEASE_SECONDS, {
    path: ['WORKER_CLAIM_LEASE_SECONDS'],
    message: 'must be at most WORKER_LEASE_SECONDS (the lease of a send that started)',
    when: whenValid('WORKER_CLAIM_LEASE_SECONDS', 'WORKER_LEASE_SECONDS'),
  })
  .refine((env) => env.WORKER_RETRY_MAX_MS >= env.WORKER_RETRY_BASE_MS, {
    path: ['WORKER_RETRY_MAX_MS'],
    message: 'must be at least WORKER_RETRY_BASE_MS',
    when: whenValid('WORKER_RETRY_BASE_MS', 'WORKER_RETRY_MAX_MS'),
  })
  .transform((env) => ({
    environment: env.NODE_ENV,
    databaseUrl: env.DATABASE_URL,
    signingSecret: env.SIGNING_SECRET ?? DEVELOPMENT_SIGNING_SECRET,
    /** Public base URL of the API: tracking and unsubscribe links point there. */
    apiBaseUrl: env.API_BASE_URL,
    /** Written to `claimed_by`; unique per running worker. */
    workerId: env.WORKER_ID,
    /** Sends in flight at once. */
    concurrency: env.WORKER_CONCURRENCY,
    /** Deliveries claimed per claim statement. */
    batchSize: env.WORKER_BATCH_SIZE,
    /**
     * The lease of a delivery whose send started: set (compare-and-set on the claim) right before
     * the send, longer than twice the send timeout, so a send in progress is never retaken.
     */
    leaseSeconds: env.WORKER_LEASE_SECONDS,
    /**
     * The lease of a claimed delivery not started yet: short, so a crashed worker's unstarted
     * claims are retaken within seconds. Rate-limited sends are booked at most half of it ahead.
     */
    claimLeaseSeconds:
      env.WORKER_CLAIM_LEASE_SECONDS ??
      Math.min(DEFAULT_CLAIM_LEASE_SECONDS, env.WORKER_LEASE_SECONDS),
    /** Attempts (claims) per delivery before a transient failure becomes final. */
    maxAttempts: env.WORKER_MAX_ATTEMPTS,
    pollIntervalMs: env.WORKER_POLL_INTERVAL_MS,
    /** A publication due longer ago than this fails with `too_late`; 0 = no limit. */
    maxLatenessSeconds: env.WORKER_MAX_LATENESS_SECONDS,
    retryBaseMs: env.WORKER_RETRY_BASE_MS,
    retryMaxMs: env.WORKER_RETRY_MAX_MS,
    /** Timeout of one send (HTTP request, SMTP transaction). */
    sendTimeoutMs: env.WORKER_SEND_TIMEOUT_MS,
    /** Channels may send to loopback, private and other non-public addresses. */
    allowPrivateTargets: env.ALLOW_PRIVATE_TARGETS,
    /** How long a stop waits for in-flight sends before giving up (their claims then expire). */
    shutdownTimeoutMs: env.WORKER_SHUTDOWN_TIMEOUT_MS,
    logLevel: env.LOG_LEVEL,
    /** Prometheus's `/metrics` is served there (the worker's only port); 0 = not served. */
    metricsPort: env.WORKER_METRICS_PORT,
    /** Unset: every interface. */
    metricsHost: env.WORKER_METRICS_HOST,
  }));

export type WorkerConfig = z.output<typeof workerEnvironment>;
export type LogLevel = WorkerConfig['logLevel'];

/** Validates the worker's settings once, at boot; throws a `ConfigError` naming every bad variable. */
export function loadWorkerConfig(env: Environment = process.env): WorkerConfig {
  return loadEnvironment(workerEnvironment, env, 'Invalid worker configuration');
}
