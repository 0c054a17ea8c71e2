#!/usr/bin/env node
// `pnpm dev`: deploy migrations as their own step, then run the API and the delivery worker.
// DATABASE_URL is set by packages/db/bin/with-dev-database.cjs (yours, or the embedded
// PostgreSQL). The API never migrates. Ctrl-C stops everything; so does either process exiting.
const { spawn } = require('node:child_process');
const { join } = require('node:path');

const root = join(__dirname, '..');

function start(script, args, env = {}) {
  return spawn(process.execPath, [join(root, script), ...args], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ...env },
  });
}

const exited = (child) =>
  new Promise((resolve) => child.on('exit', (code, signal) => resolve(code ?? (signal ? 0 : 1))));

async function main() {
  process.stderr.write('\n== Deploying migrations (pnpm migrate deploy)\n');
  const deployed = await exited(start('apps/migrator/bin/migrate.cjs', ['deploy']));
  if (deployed !== 0) return deployed;

  const port = process.env.PORT ?? '8080';
  const baseUrl = process.env.API_BASE_URL ?? `http://localhost:${port}`;
  process.stderr.write(
    `\n== Starting the API on ${baseUrl} and the delivery worker\n` +
      `   docs:    ${baseUrl}/api/v1/docs\n` +
      `   ready:   ${baseUrl}/health/ready\n` +
      '   API key: in another terminal, `pnpm api-key create --name local` (send it as "Authorization: Bearer <key>")\n' +
      '   Ctrl-C stops the API, the worker and the embedded PostgreSQL.\n\n',
  );
  const env = { PORT: port, API_BASE_URL: baseUrl };
  const children = [start('apps/api/dist/main.js', [], env), start('apps/worker/dist/main.js', [], env)];
  const stopAll = (signal) => {
    for (const child of children) if (child.exitCode === null) child.kill(signal);
  };
  process.on('SIGINT', () => stopAll('SIGINT'));
  process.on('SIGTERM', () => stopAll('SIGTERM'));
  const exits = children.map(exited);
  const first = await Promise.race(exits);
  stopAll('SIGTERM');
  await Promise.all(exits);
  return first;
}

main().then((code) => process.exit(code));
