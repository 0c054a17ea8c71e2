// @ts-check
const { fork } = require('node:child_process');
const { join, relative, resolve } = require('node:path');

/**
 * @typedef {{ url: string, startedHere: boolean, stop(): Promise<void> }} ProvidedDatabase
 *   `stop()` stops the embedded server if it was started for this command (`startedHere`);
 *   repeated calls are safe.
 */

/**
 * Where the embedded development PostgreSQL keeps its data: `DEV_DATABASE_DIR` (tests use a
 * temporary one), else `.data/postgres` in the repository.
 *
 * @param {string} root
 * @param {NodeJS.ProcessEnv} env
 */
function devDataDir(root, env) {
  return env.DEV_DATABASE_DIR ? resolve(env.DEV_DATABASE_DIR) : join(root, '.data', 'postgres');
}

/**
 * `DATABASE_URL` when set. Otherwise the embedded development PostgreSQL: reused when another local
 * command runs it, else started for this command by a keeper process outside the terminal's
 * process group, so that Ctrl-C reaches the command and not the server.
 *
 * @param {{ root: string, env: NodeJS.ProcessEnv, stderr?: NodeJS.WritableStream }} options
 * @returns {Promise<ProvidedDatabase>}
 */
async function provideDatabase({ root, env, stderr = process.stderr }) {
  if (env.DATABASE_URL) return { url: env.DATABASE_URL, startedHere: false, stop: async () => {} };

  const postgres = require('@publishing/db/postgres');
  const dataDir = devDataDir(root, env);
  const inWorkingDir = relative(process.cwd(), dataDir);
  const shownDir = inWorkingDir && !inWorkingDir.startsWith('..') ? inWorkingDir : dataDir;
  const runningUrl = postgres.runningEmbeddedServerUrl(dataDir);
  if (runningUrl) {
    const url = await postgres.ensureDevDatabase(runningUrl);
    stderr.write(
      `Using the embedded PostgreSQL already running on ${shownDir}: ${postgres.redactDatabaseUrl(url)}\n`,
    );
    return { url, startedHere: false, stop: async () => {} };
  }
  stderr.write(`Starting the embedded PostgreSQL (data in ${shownDir})…\n`);
  const keeper = await startKeeper(dataDir);
  stderr.write(`Using the embedded PostgreSQL: ${postgres.redactDatabaseUrl(keeper.url)}\n`);
  return keeper;
}

/**
 * @param {string} dataDir
 * @returns {Promise<ProvidedDatabase>}
 */
async function startKeeper(dataDir) {
  const keeper = fork(join(__dirname, 'postgres-keeper.cjs'), [dataDir], {
    detached: true,
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  /** @type {Promise<unknown>} */
  const exited = new Promise((done) => keeper.once('exit', done));
  /** @type {string} */
  const url = await new Promise((ready, fail) => {
    keeper.once('message', (/** @type {{ ready?: string, failed?: string }} */ message) =>
      message.ready ? ready(message.ready) : fail(new Error(startFailure(message.failed))),
    );
    keeper.once('error', fail);
    keeper.once('exit', (code) =>
      fail(new Error(startFailure(`its keeper process exited (${code})`))),
    );
  });
  return {
    url,
    startedHere: true,
    stop: async () => {
      if (keeper.connected) keeper.send('stop');
      await exited;
    },
  };
}

/** @param {string | undefined} reason */
function startFailure(reason) {
  return (
    `${reason ?? 'The embedded PostgreSQL did not start.'}\n` +
    'To use a PostgreSQL of your own instead, set DATABASE_URL (postgresql://USER:PASSWORD@HOST:PORT/DATABASE).'
  );
}

module.exports = { provideDatabase, devDataDir };
