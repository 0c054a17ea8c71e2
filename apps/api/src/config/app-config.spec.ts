import { isAbsolute } from 'node:path';
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
    expect(isAbsolute(config.MIGRATIONS_DIR), config.MIGRATIONS_DIR).toBe(true);
    expect(config.SMTP_HOST).toBeUndefined();
  });

  it('refuses to start behind the history by default in production, unless told otherwise', () => {
    const production = { DATABASE_URL, NODE_ENV: 'production', SIGNING_SECRET };
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

  it('requires DATABASE_URL', () => {
    expect(configError({}).problems).toEqual(['DATABASE_URL is required']);
  });
});
