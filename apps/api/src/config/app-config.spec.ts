import { ConfigError, loadConfig } from './app-config';

const DATABASE_URL = 'postgresql://app:pw@localhost:5432/publishing';

describe('configuration', () => {
  it('applies defaults and parses comma-separated lists', () => {
    const config = loadConfig({
      DATABASE_URL,
      CORS_ORIGINS: 'https://a.example, https://b.example',
      NODE_ENV: 'development',
    });

    expect(config).toMatchObject({
      port: 8080,
      corsOrigins: ['https://a.example', 'https://b.example'],
      allowedHosts: [],
      onPendingMigrations: 'not-ready',
    });
  });

  it('refuses to boot naming every bad variable', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/DATABASE_URL is required/);
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(
      /PORT must be a whole number between 1 and 65535/,
    );
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x@y/z' })).toThrow(
      /DATABASE_URL .*postgresql/,
    );
    expect(() => loadConfig({ DATABASE_URL, CORS_ORIGINS: '*,https://a.example' })).toThrow(
      /CORS_ORIGINS/,
    );
  });

  it('requires a signing secret in production and refuses to start behind by default there', () => {
    expect(() => loadConfig({ DATABASE_URL, NODE_ENV: 'production' })).toThrow(
      /SIGNING_SECRET is required in production/,
    );
    const config = loadConfig({
      DATABASE_URL,
      NODE_ENV: 'production',
      SIGNING_SECRET: 'x'.repeat(32),
    });
    expect(config.onPendingMigrations).toBe('refuse');
  });
});
