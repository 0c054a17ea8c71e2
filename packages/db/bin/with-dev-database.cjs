#!/usr/bin/env node
// Usage: with-dev-database <command> [args...]
// Runs a local command with DATABASE_URL set: yours if set, else the embedded development
// PostgreSQL (data in .data/postgres), started for the command's duration when not running yet.
const { spawn } = require('node:child_process');
const { existsSync } = require('node:fs');
const { join, resolve } = require('node:path');

const entry = join(__dirname, '../dist/postgres/index.js');
if (!existsSync(entry)) {
  process.stderr.write(
    '@publishing/db is not built yet. Run `pnpm build` at the repository root, then retry.\n',
  );
  process.exit(1);
}
const { ensureDevDatabase, redactDatabaseUrl } = require(entry);

const [command, ...args] = process.argv.slice(2);
if (!command) {
  process.stderr.write('Usage: with-dev-database <command> [args...]\n');
  process.exit(2);
}
if (!process.env.DATABASE_URL && process.env.NODE_ENV === 'production') {
  process.stderr.write(
    'DATABASE_URL is not set. In production it must point at the database to use.\n',
  );
  process.exit(2);
}

async function main() {
  const database = await ensureDevDatabase(resolve(__dirname, '../../..'));
  if (database.source !== 'DATABASE_URL') {
    process.stderr.write(
      `Using ${database.source} PostgreSQL: ${redactDatabaseUrl(database.url)}\n`,
    );
  }
  const child = spawn(command, args, {
    stdio: 'inherit',
    env: { ...process.env, DATABASE_URL: database.url },
  });
  const forward = (signal) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  const code = await new Promise((done) => {
    child.on('error', (error) => {
      process.stderr.write(`Could not run ${command}: ${error.message}\n`);
      done(127);
    });
    child.on('exit', (exitCode, signal) => done(exitCode ?? (signal ? 128 : 1)));
  });
  await database.stop();
  process.exit(code);
}

main().catch((error) => {
  process.stderr.write(`${error && error.message ? error.message : error}\n`);
  process.exit(1);
});
