#!/usr/bin/env node
// @ts-check
// Usage: local-command.cjs <migrate|prisma|api-key|worker|dev> [args…], what the root
// package.json's `pnpm migrate …`, `pnpm dev`, … run (through `exec`: a shell in between would
// exit 130 on Ctrl-C, whatever the command did). Builds what the command needs (turbo, cached;
// not with PUBLISHING_SKIP_BUILD=1),
// provides DATABASE_URL (yours, or the embedded development PostgreSQL; none for --help), runs the
// command and stops the database it started, last.
const { resolve } = require('node:path');
const { buildWorkspaces } = require('../lib/build.cjs');
const { exitCodeOf } = require('../lib/child-processes.cjs');
const { LOCAL_COMMANDS } = require('../lib/commands.cjs');
const { provideDatabase } = require('../lib/dev-database.cjs');
const { StopSignals } = require('../lib/stop-signals.cjs');

const root = resolve(__dirname, '../../..');
const { stderr } = process;

/** @param {string[]} argv */
async function main([name, ...args]) {
  const command = name === undefined ? undefined : LOCAL_COMMANDS[name];
  if (!command) {
    stderr.write(`Usage: pnpm <${Object.keys(LOCAL_COMMANDS).join('|')}> [args…]\n`);
    return 2;
  }
  const stopSignals = new StopSignals();
  const stoppedWith = () => exitCodeOf(stopSignals.received[0] ?? 'SIGINT');

  if (process.env.PUBLISHING_SKIP_BUILD !== '1') {
    const built = await buildWorkspaces({ root, packages: command.builds, stopSignals });
    if (built !== 0) return built;
  }
  if (stopSignals.stopRequested) return stoppedWith();

  if (!command.needsDatabase(args)) {
    const database = { url: '', startedHere: false, stop: async () => {} };
    return command.run({ root, args, env: process.env, stopSignals, database, stderr });
  }
  if (!process.env.DATABASE_URL && process.env.NODE_ENV === 'production') {
    stderr.write('DATABASE_URL is not set. In production it must point at the database to use.\n');
    return 2;
  }
  const database = await Promise.race([
    provideDatabase({ root, env: process.env }),
    stopSignals.requested.then(() => undefined),
  ]);
  // Stopped while the database was starting: nothing else to wait for. A keeper still starting
  // the server stops it once this process is gone.
  if (!database) return stoppedWith();
  try {
    const env = { ...process.env, DATABASE_URL: database.url };
    return await command.run({ root, args, env, stopSignals, database, stderr });
  } finally {
    await database.stop();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (/** @type {unknown} */ error) => {
    stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
