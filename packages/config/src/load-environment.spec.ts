import * as z from 'zod';
import { ConfigError } from './config-error';
import { loadEnvironment } from './load-environment';
import { checkedBy, whenValid, wholeNumber } from './validators';

const schema = z
  .object({
    MODE: z.enum(['development', 'production']).default('development'),
    PORT: wholeNumber(1, 65535).default(8080),
    SERVICE_URL: z.url(),
    SECRET: z.string().min(32).optional(),
    LABEL: z.string().optional(),
  })
  .refine((env) => env.MODE !== 'production' || env.SECRET !== undefined, {
    path: ['SECRET'],
    message: 'is required in production',
    when: whenValid('MODE', 'SECRET'),
  });

function problemsOf(load: () => unknown): ConfigError {
  try {
    load();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadEnvironment', () => {
  it('returns the parsed values with defaults applied', () => {
    const config = loadEnvironment(
      schema,
      { SERVICE_URL: 'https://example.test' },
      'Invalid test settings',
    );

    expect(config).toEqual({
      MODE: 'development',
      PORT: 8080,
      SERVICE_URL: 'https://example.test',
    });
  });

  it('treats an empty or blank variable as unset, so its default applies', () => {
    const config = loadEnvironment(
      schema,
      { SERVICE_URL: 'https://example.test', MODE: '', PORT: '', LABEL: '   ' },
      'Invalid test settings',
    );

    expect(config).toEqual({
      MODE: 'development',
      PORT: 8080,
      SERVICE_URL: 'https://example.test',
    });
  });

  it('reports every problem at once, each naming its variable, rules across variables included', () => {
    const error = problemsOf(() =>
      loadEnvironment(
        schema,
        { MODE: 'production', PORT: '0', SERVICE_URL: '' },
        'Invalid test settings',
      ),
    );

    expect(error.problems).toEqual([
      'PORT must be a whole number from 1 to 65535',
      'SERVICE_URL is required',
      'SECRET is required in production',
    ]);
    expect(error.message).toBe(
      'Invalid test settings: PORT must be a whole number from 1 to 65535; SERVICE_URL is required; SECRET is required in production.',
    );
  });

  it("words zod's own messages after the variable's name", () => {
    const error = problemsOf(() =>
      loadEnvironment(
        schema,
        { MODE: 'staging', SERVICE_URL: 'not a url', SECRET: 'short' },
        'Invalid test settings',
      ),
    );

    expect(error.problems).toEqual([
      'MODE must be one of development, production',
      'SERVICE_URL must be a valid url',
      'SECRET must be at least 32 characters',
    ]);
  });

  it('never echoes a value, not even the password inside a malformed URL', () => {
    const password = 'hunter2-secret';
    const noPostgres = (url: string) =>
      url.startsWith('postgresql://') ? undefined : 'must be a postgresql:// URL';
    const withDatabase = z.object({ DATABASE_URL: checkedBy(noPostgres), SERVICE_URL: z.url() });

    const error = problemsOf(() =>
      loadEnvironment(
        withDatabase,
        {
          DATABASE_URL: `mysql://root:${password}@db/app`,
          SERVICE_URL: `https//root:${password}@example.test`,
        },
        'Invalid test settings',
      ),
    );

    expect(error.problems).toEqual([
      'DATABASE_URL must be a postgresql:// URL',
      'SERVICE_URL must be a valid url',
    ]);
    expect(error.message).not.toContain(password);
    expect(JSON.stringify(error)).not.toContain(password);
  });
});
