import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ConfigError } from '@publishing/config';
import { DEVELOPMENT_SIGNING_SECRET } from '@publishing/templating';
import { loadApiConfig, type ApiConfig } from './app-config';

const DATABASE_URL = 'postgresql://app:pw@localhost:5432/publishing';
const SIGNING_SECRET = 'x'.repeat(32);

function configError(env: Record<string, string>): ConfigError {
  try {
    loadApiConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('the API configuration', () => {
  it('applies defaults, parses lists and derives the development values', () => {
    const config = loadApiConfig({
      DATABASE_URL,
      CORS_ORIGINS: 'https://a.example, https://b.example',
      ALLOWED_HOSTS: '',
      API_BASE_URL: 'https://api.example/',
    });

    expect(config).toMatchObject({
      NODE_ENV: 'development',
      PORT: 8080,
      API_BASE_URL: 'https://api.example',
      CORS_ORIGINS: ['https://a.example', 'https://b.example'],
      ALLOWED_HOSTS: [],
      RATE_LIMIT_PER_MINUTE: 600,
      ON_PENDING_MIGRATIONS: 'not-ready',
      SIGNING_SECRET: DEVELOPMENT_SIGNING_SECRET,
    });
    expect(config.HOST).toBe('127.0.0.1');
    expect(config.SMTP_HOST).toBeUndefined();
  });

  it('refuses to start behind the history by default in production, unless told otherwise', () => {
    const production = {
      DATABASE_URL,
      NODE_ENV: 'production',
      SIGNING_SECRET,
      API_BASE_URL: 'https://api.example',
    };
    const refuse: ApiConfig['ON_PENDING_MIGRATIONS'] =
      loadApiConfig(production).ON_PENDING_MIGRATIONS;

    expect(refuse).toBe('refuse');
    expect(
      loadApiConfig({ ...production, ON_PENDING_MIGRATIONS: 'not-ready' }).ON_PENDING_MIGRATIONS,
    ).toBe('not-ready');
    expect(loadApiConfig(production).SIGNING_SECRET).toBe(SIGNING_SECRET);
  });

  it('names every bad variable at once, without echoing any value', () => {
    const error = configError({
      NODE_ENV: 'production',
      DATABASE_URL: 'mysql://root:hunter2@db.example/publishing',
      PORT: 'eighty',
      CORS_ORIGINS: '*,https://a.example',
      RATE_LIMIT_PER_MINUTE: '0',
      API_BASE_URL: 'ftp://files.example',
    });

    expect(error.message).toMatch(/^Invalid API configuration: /);
    expect(error.problems).toEqual([
      'PORT must be a whole number from 1 to 65535',
      'DATABASE_URL must be a postgresql:// (or postgres://) URL',
      'API_BASE_URL must be an http(s) URL',
      'RATE_LIMIT_PER_MINUTE must be a whole number of at least 1',
      'SIGNING_SECRET is required in production',
      'CORS_ORIGINS cannot combine "*" with other origins',
    ]);
    expect(error.message).not.toMatch(/hunter2|eighty|files\.example/);
  });

  it('reads TRUST_PROXY as Express does, without trusting every sender', () => {
    expect(loadApiConfig({ DATABASE_URL }).TRUST_PROXY).toBe(false);
    expect(loadApiConfig({ DATABASE_URL, TRUST_PROXY: '1' }).TRUST_PROXY).toBe(1);
    expect(
      loadApiConfig({ DATABASE_URL, TRUST_PROXY: 'loopback, 10.0.0.0/8' }).TRUST_PROXY,
    ).toEqual(['loopback', '10.0.0.0/8']);
    expect(configError({ DATABASE_URL, TRUST_PROXY: 'true' }).problems).toEqual([
      expect.stringMatching(/^TRUST_PROXY must be a hop count/),
    ]);
  });

  it('serves metrics on a port of their own, 9464 unless told otherwise; 0 turns them off', () => {
    expect(loadApiConfig({ DATABASE_URL })).toMatchObject({ METRICS_PORT: 9464 });
    expect(loadApiConfig({ DATABASE_URL, METRICS_PORT: '0' }).METRICS_PORT).toBe(0);
    expect(configError({ DATABASE_URL, PORT: '9100', METRICS_PORT: '9100' }).problems).toEqual([
      'METRICS_PORT must differ from PORT: metrics stay off the public port',
    ]);
    expect(configError({ DATABASE_URL, METRICS_PORT: '65536' }).problems).toEqual([
      'METRICS_PORT must be a whole number from 0 to 65535',
    ]);
  });

  it('lets channels send to public addresses only unless ALLOW_PRIVATE_TARGETS=true', () => {
    expect(loadApiConfig({ DATABASE_URL }).ALLOW_PRIVATE_TARGETS).toBe(false);
    expect(
      loadApiConfig({ DATABASE_URL, ALLOW_PRIVATE_TARGETS: 'true' }).ALLOW_PRIVATE_TARGETS,
    ).toBe(true);
    expect(configError({ DATABASE_URL, ALLOW_PRIVATE_TARGETS: '1' }).problems).toEqual([
      'ALLOW_PRIVATE_TARGETS must be one of true, false',
    ]);
  });

  it('requires DATABASE_URL', () => {
    expect(configError({}).problems).toEqual(['DATABASE_URL is required']);
  });
});

describe('MIGRATIONS_DIR', () => {
  const REPOSITORY_ROOT = resolve(__dirname, '../../../..');
  const elsewhere = process.cwd();
  afterEach(() => process.chdir(elsewhere));

  it("defaults to the repository's history, whatever the working directory", () => {
    process.chdir(tmpdir());
    expect(loadApiConfig({ DATABASE_URL }).MIGRATIONS_DIR).toBe(
      join(REPOSITORY_ROOT, 'prisma/migrations'),
    );
  });

  it("resolves a relative value from the repository's root, an absolute one as given", () => {
    process.chdir(tmpdir());
    expect(
      loadApiConfig({ DATABASE_URL, MIGRATIONS_DIR: 'prisma/migrations' }).MIGRATIONS_DIR,
    ).toBe(join(REPOSITORY_ROOT, 'prisma/migrations'));
    expect(loadApiConfig({ DATABASE_URL, MIGRATIONS_DIR: '/srv/history' }).MIGRATIONS_DIR).toBe(
      '/srv/history',
    );
  });
});

describe('API_BASE_URL in production', () => {
  const production = { DATABASE_URL, NODE_ENV: 'production', SIGNING_SECRET };

  it('must be https: it builds unsubscribe and tracking links', () => {
    for (const API_BASE_URL of ['http://api.example', undefined]) {
      const error = configError({ ...production, ...(API_BASE_URL ? { API_BASE_URL } : {}) });
      expect(error.problems).toEqual([
        expect.stringMatching(
          /^API_BASE_URL must be an https:\/\/ URL in production .*RFC 8058.*ALLOW_HTTP_BASE_URL=true on a trusted internal network$/,
        ),
      ]);
    }
    expect(loadApiConfig({ ...production, API_BASE_URL: 'https://api.example' }).API_BASE_URL).toBe(
      'https://api.example',
    );
  });

  it('may be http when ALLOW_HTTP_BASE_URL=true says so explicitly', () => {
    const config = loadApiConfig({
      ...production,
      API_BASE_URL: 'http://publishing.internal:8080',
      ALLOW_HTTP_BASE_URL: 'true',
    });
    expect(config.API_BASE_URL).toBe('http://publishing.internal:8080');
    expect(configError({ ...production, ALLOW_HTTP_BASE_URL: 'yes' }).problems).toEqual([
      'ALLOW_HTTP_BASE_URL must be one of true, false',
    ]);
  });

  it('may be http outside production', () => {
    expect(loadApiConfig({ DATABASE_URL, NODE_ENV: 'test' }).API_BASE_URL).toBe(
      'http://localhost:8080',
    );
  });
});

describe('SMTP settings', () => {
  it('need SMTP_FROM, an address, along with SMTP_HOST', () => {
    expect(configError({ DATABASE_URL, SMTP_HOST: 'smtp.example' }).problems).toEqual([
      'SMTP_FROM is required when SMTP_HOST is set (the address test emails come from)',
    ]);
    expect(
      configError({ DATABASE_URL, SMTP_HOST: 'smtp.example', SMTP_FROM: 'News <news@example>' })
        .problems,
    ).toEqual(['SMTP_FROM must be an email address (no display name)']);
  });

  it('take a user and a password together, and never echo them', () => {
    const error = configError({
      DATABASE_URL,
      SMTP_HOST: 'smtp.example',
      SMTP_FROM: 'news@example.test',
      SMTP_PASSWORD: 'hunter2-smtp',
      SMTP_PORT: '99999',
    });
    expect(error.problems).toEqual([
      'SMTP_PORT must be a whole number from 1 to 65535',
      'SMTP_PASSWORD and SMTP_USER go together: set both to authenticate, or neither',
    ]);
    expect(error.message).not.toContain('hunter2-smtp');
  });
});

describe('CONSOLE_DIR', () => {
  const REPOSITORY_ROOT = resolve(__dirname, '../../../..');

  it("defaults to the console package's build in the repository, a relative value from its root", () => {
    expect(loadApiConfig({ DATABASE_URL }).CONSOLE_DIR).toBe(
      join(REPOSITORY_ROOT, 'apps/console/dist'),
    );
    expect(loadApiConfig({ DATABASE_URL, CONSOLE_DIR: 'build/console' }).CONSOLE_DIR).toBe(
      join(REPOSITORY_ROOT, 'build/console'),
    );
    expect(loadApiConfig({ DATABASE_URL, CONSOLE_DIR: '/srv/console' }).CONSOLE_DIR).toBe(
      '/srv/console',
    );
  });
});
