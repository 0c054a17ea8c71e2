#!/usr/bin/env node
// `pnpm dev`: deploy migrations as their own step, then run the API. DATABASE_URL is set by
// packages/db/bin/with-dev-database.cjs (yours, or the embedded PostgreSQL). The API never migrates.
const { spawn } = require('node:child_process');
const { join } = require('node:path');

const root = join(__dirname, '..');

function run(args, options = {}) {
  const child = spawn(process.execPath, args, {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ...options.env },
  });
  const forward = (signal) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  return new Promise((resolve) =>
    child.on('exit', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolve(code ?? (signal ? 0 : 1));
    }),
  );
}

async function main() {
  process.stderr.write('\n== Deploying migrations (pnpm migrate deploy)\n');
  const deployed = await run([join(root, 'apps/migrator/bin/migrate.cjs'), 'deploy']);
  if (deployed !== 0) return deployed;

  const port = process.env.PORT ?? '8080';
  const baseUrl = process.env.API_BASE_URL ?? `http://localhost:${port}`;
  process.stderr.write(
    `\n== Starting the API on ${baseUrl}\n` +
      `   docs:    ${baseUrl}/api/v1/docs\n` +
      `   ready:   ${baseUrl}/health/ready\n` +
      '   API key: in another terminal, `pnpm api-key create --name local` (send it as "Authorization: Bearer <key>")\n' +
      '   Ctrl-C stops the API and the embedded PostgreSQL.\n\n',
  );
  return run([join(root, 'apps/api/dist/main.js')], { env: { PORT: port, API_BASE_URL: baseUrl } });
}

main().then((code) => process.exit(code));
