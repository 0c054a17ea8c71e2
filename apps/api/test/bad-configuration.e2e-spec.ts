import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const API_ROOT = resolve(__dirname, '..');
const PASSWORD = 'hunter2-secret';

/** A built entry point (turbo builds before tests) in an environment holding only `env`. */
function run(entryPoint: string, args: string[], env: Record<string, string>) {
  return spawnSync(process.execPath, [resolve(API_ROOT, 'dist', entryPoint), ...args], {
    cwd: API_ROOT,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
}

describe('bad configuration', () => {
  it('stops the API before it starts, naming every bad variable in one message', () => {
    const started = run('main.js', [], {
      NODE_ENV: 'production',
      DATABASE_URL: `mysql://root:${PASSWORD}@db.example/publishing`,
      PORT: 'eighty',
      LOG_LEVEL: 'loud',
    });

    expect(started.status).toBe(2);
    expect(started.stderr.trim()).toBe(
      'Invalid API configuration: PORT must be a whole number from 1 to 65535; ' +
        'DATABASE_URL must be a postgresql:// (or postgres://) URL; ' +
        'LOG_LEVEL must be one of debug, info, warn, error; SIGNING_SECRET is required in production; ' +
        'API_BASE_URL must be an https:// URL in production (unsubscribe and tracking links are built on it, ' +
        'and one-click unsubscribe, RFC 8058, expects https): set the public https URL clients reach the API at, ' +
        'or ALLOW_HTTP_BASE_URL=true on a trusted internal network.',
    );
    expect(started.stdout).toBe('');
  });

  it('stops the API-key command when DATABASE_URL is unusable, without printing its password', () => {
    const missing = run('cli/api-keys.js', ['list'], { DATABASE_URL: '' });
    const malformed = run('cli/api-keys.js', ['list'], {
      DATABASE_URL: `postgresql://root:${PASSWORD}@db.example`,
    });

    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('Invalid api-key configuration: DATABASE_URL is required.');
    expect(malformed.status).toBe(2);
    expect(malformed.stderr).toContain('DATABASE_URL names no database');
    expect(malformed.stderr).not.toContain(PASSWORD);
  });
});
