import { ConfigError } from '@publishing/config';
import { loadWorkerConfig } from './worker-config';

const base = {
  DATABASE_URL: 'postgresql://user:secret@db.example.com:5432/publishing',
  SIGNING_SECRET: 'x'.repeat(40),
};

describe('loadWorkerConfig', () => {
  it('applies defaults', () => {
    const config = loadWorkerConfig({
      ...base,
      WORKER_ID: 'w1',
      API_BASE_URL: 'https://api.example.com/',
    });
    expect(config).toMatchObject({
      workerId: 'w1',
      apiBaseUrl: 'https://api.example.com',
      concurrency: 20,
      batchSize: 100,
      leaseSeconds: 60,
      maxAttempts: 8,
      pollIntervalMs: 1000,
      maxLatenessSeconds: 3600,
      // Not the API's default (9464): `pnpm dev` runs both on one machine.
      metricsPort: 9465,
      metricsHost: undefined,
    });
  });

  it('names every bad variable, without echoing secrets', () => {
    let error: unknown;
    try {
      loadWorkerConfig({
        DATABASE_URL: 'mysql://root:hunter2@db/x',
        SIGNING_SECRET: 'short',
        WORKER_CONCURRENCY: 'lots',
        WORKER_BATCH_SIZE: '0',
        API_BASE_URL: 'ftp://example.com',
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    for (const name of [
      'DATABASE_URL',
      'SIGNING_SECRET',
      'WORKER_CONCURRENCY',
      'WORKER_BATCH_SIZE',
      'API_BASE_URL',
    ]) {
      expect(message).toContain(name);
    }
    expect(message).toMatch(/^Invalid worker configuration: /);
    expect(message).toContain('WORKER_CONCURRENCY must be a whole number from 1 to 1000');
    expect(message).not.toMatch(/hunter2|short|lots|ftp/);
  });

  it('requires DATABASE_URL, and SIGNING_SECRET in production', () => {
    expect(() => loadWorkerConfig({ NODE_ENV: 'production' })).toThrow(
      /DATABASE_URL is required; SIGNING_SECRET is required in production/,
    );
    expect(() => loadWorkerConfig({ NODE_ENV: 'production', SIGNING_SECRET: '' })).toThrow(
      /SIGNING_SECRET is required in production/,
    );
  });

  it('refuses a lease shorter than two send timeouts', () => {
    expect(() =>
      loadWorkerConfig({ ...base, WORKER_LEASE_SECONDS: '10', WORKER_SEND_TIMEOUT_MS: '6000' }),
    ).toThrow(/WORKER_LEASE_SECONDS must be at least twice WORKER_SEND_TIMEOUT_MS/);
  });

  it('has a short claim lease, never longer than the send lease', () => {
    expect(loadWorkerConfig(base).claimLeaseSeconds).toBe(5);
    expect(
      loadWorkerConfig({ ...base, WORKER_LEASE_SECONDS: '3', WORKER_SEND_TIMEOUT_MS: '1000' })
        .claimLeaseSeconds,
    ).toBe(3);
    expect(loadWorkerConfig({ ...base, WORKER_CLAIM_LEASE_SECONDS: '2' }).claimLeaseSeconds).toBe(
      2,
    );
    expect(() => loadWorkerConfig({ ...base, WORKER_CLAIM_LEASE_SECONDS: '61' })).toThrow(
      /WORKER_CLAIM_LEASE_SECONDS must be at most WORKER_LEASE_SECONDS/,
    );
  });

  it('sends to public addresses only unless ALLOW_PRIVATE_TARGETS=true', () => {
    expect(loadWorkerConfig(base).allowPrivateTargets).toBe(false);
    expect(loadWorkerConfig({ ...base, ALLOW_PRIVATE_TARGETS: 'true' }).allowPrivateTargets).toBe(
      true,
    );
    expect(() => loadWorkerConfig({ ...base, ALLOW_PRIVATE_TARGETS: 'yes' })).toThrow(
      /ALLOW_PRIVATE_TARGETS must be one of true, false/,
    );
  });

  it('treats empty values as unset', () => {
    expect(loadWorkerConfig({ ...base, WORKER_CONCURRENCY: '' }).concurrency).toBe(20);
  });

  it('refuses an http API_BASE_URL in production unless ALLOW_HTTP_BASE_URL=true', () => {
    const production = { ...base, NODE_ENV: 'production' };
    for (const API_BASE_URL of ['http://api.example.com', undefined]) {
      expect(() =>
        loadWorkerConfig({ ...production, ...(API_BASE_URL ? { API_BASE_URL } : {}) }),
      ).toThrow(
        /^Invalid worker configuration: API_BASE_URL must be an https:\/\/ URL in production .*RFC 8058.*ALLOW_HTTP_BASE_URL=true on a trusted internal network\.$/,
      );
    }
    expect(
      loadWorkerConfig({ ...production, API_BASE_URL: 'https://api.example.com' }).apiBaseUrl,
    ).toBe('https://api.example.com');
    expect(
      loadWorkerConfig({
        ...production,
        API_BASE_URL: 'http://publishing.internal:8080',
        ALLOW_HTTP_BASE_URL: 'true',
      }).apiBaseUrl,
    ).toBe('http://publishing.internal:8080');
    expect(loadWorkerConfig({ ...base, API_BASE_URL: 'http://localhost:8080' }).apiBaseUrl).toBe(
      'http://localhost:8080',
    );
  });
});
