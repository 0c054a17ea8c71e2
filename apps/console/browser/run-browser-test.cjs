// @ts-check
// `pnpm test:browser`: the console in Debian's chromium (headless), driven by playwright-core,
// against the built API, worker and console (the root script builds them first). Not part of
// `pnpm test`: a fresh machine has no browser. Screenshots go to artifacts/console/.
const { spawn } = require('node:child_process');
const { existsSync } = require('node:fs');
const { join } = require('node:path');

/** The whole run, set-up and clean-up included, ends by then even if something hangs. */
const BUDGET_MS = 200_000;
const chromium = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

if (!existsSync(chromium)) {
  process.stderr.write(
    `No chromium at ${chromium}. Install Debian's: \`sudo apt-get install -y chromium\` ` +
      '(or point CHROMIUM_PATH at a Chromium or Chrome executable), then run `pnpm test:browser` again.\n',
  );
  process.exit(1);
}

process.stderr.write(
  `== the console in ${chromium}: PostgreSQL (${process.env.TEST_DATABASE_URL ? 'TEST_DATABASE_URL' : 'embedded'}) and the migration history first (jest global setup)\n`,
);
const jest = require.resolve('jest/bin/jest', { paths: [__dirname] });
// Its own process group, so that the watchdog can end it with everything it started.
const run = spawn(
  process.execPath,
  [jest, '--config', join(__dirname, 'jest.config.cjs'), ...process.argv.slice(2)],
  { stdio: 'inherit', detached: true, env: { ...process.env, CHROMIUM_PATH: chromium } },
);
const watchdog = setTimeout(() => {
  process.stderr.write(`\npnpm test:browser: over ${BUDGET_MS / 1000} s, stopped.\n`);
  if (run.pid !== undefined) process.kill(-run.pid, 'SIGKILL');
}, BUDGET_MS);
for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) {
  process.on(signal, () => run.pid !== undefined && process.kill(-run.pid, signal));
}
run.on('exit', (code, signal) => {
  clearTimeout(watchdog);
  process.exit(code ?? (signal ? 1 : 0));
});
