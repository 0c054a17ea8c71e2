// @ts-check
// `pnpm dev`: deploy migrations as their own step (the API never migrates), then run the API and
// the delivery worker until Ctrl-C or until either exits; then stop the database, last.
const { join } = require('node:path');
const { exitCodeOf, isRunning, startChild } = require('./child-processes.cjs');
const { runProgram } = require('./run-program.cjs');

/**
 * @param {import('./commands.cjs').CommandContext} context
 * @returns {Promise<number>}
 */
async function runDev({ root, env, stopSignals, database, stderr }) {
  stderr.write('\n== Deploying migrations (pnpm migrate deploy)\n');
  const deployed = await runProgram({
    script: join(root, 'apps/migrator/bin/migrate.cjs'),
    args: ['deploy'],
    env,
    stopSignals,
  });
  if (deployed !== 0 || stopSignals.stopRequested) return deployed;

  const { host, port, baseUrl } = devAddresses(env);
  stderr.write(
    '\n== Starting the API and the delivery worker\n' +
      `   API:     ${baseUrl}\n` +
      `   Console: ${baseUrl}/console/\n` +
      `   docs:    ${baseUrl}/api/v1/docs\n` +
      `   ready:   ${baseUrl}/health/ready\n` +
      '   API key: in another terminal, `pnpm api-key create --name local` (send it as "Authorization: Bearer <key>", or paste it into the console)\n' +
      '   Ctrl-C stops the API and the worker, then the embedded PostgreSQL.\n\n',
  );
  const serviceEnv = {
    ...env,
    HOST: host,
    PORT: port,
    API_BASE_URL: baseUrl,
    // A development stack sends to local sinks (a webhook receiver, an SMTP catcher on localhost).
    ALLOW_PRIVATE_TARGETS: env.ALLOW_PRIVATE_TARGETS ?? 'true',
  };
  const services = [
    { name: 'the API', script: 'apps/api/dist/main.js' },
    { name: 'the worker', script: 'apps/worker/dist/main.js' },
  ].map(({ name, script }) => {
    const started = startChild(process.execPath, [join(root, script)], { env: serviceEnv });
    stopSignals.forwardTo(started.process);
    return { name, ...started };
  });

  stopSignals.onSignal(() => {
    if (stopSignals.received.length === 1) {
      stderr.write('\n== Stopping the API and the worker (Ctrl-C again: exit at once)\n');
    }
  });
  for (const service of services) {
    service.exited.then((status) =>
      stderr.write(`== ${capitalized(service.name)} ${describe(status)}\n`),
    );
  }
  const first = await Promise.race(
    services.map((service) => service.exited.then((status) => ({ service, status }))),
  );
  const endedByItself = stopSignals.stopRequested ? undefined : first;
  const rest = services.filter(({ process: child }) => isRunning(child));
  if (endedByItself && rest.length > 0) {
    stderr.write(`== Stopping ${rest.map(({ name }) => name).join(' and ')}\n`);
    for (const { process: child } of rest) child.kill('SIGTERM');
  }
  const statuses = await Promise.all(services.map((service) => service.exited));

  if (database.startedHere) {
    stderr.write('== Stopping the embedded PostgreSQL\n');
    await database.stop();
    stderr.write('== The embedded PostgreSQL stopped\n');
  }

  if (endedByItself) return exitCodeOf(endedByItself.status) || 1;
  // Asked to stop: exiting with 0, or by that very signal (no handler), is stopping cleanly.
  const unclean = statuses.find(
    (status) =>
      status.code !== 0 && !(status.signal && stopSignals.received.includes(status.signal)),
  );
  if (!unclean) return 0;
  // Forced out by a later stop signal: report the one the stop began with. On a second Ctrl-C pnpm
  // sends SIGTERM on top of the terminal's SIGINT, and which of the two a service handles first is
  // a race, so its own exit code (130 or 143) says nothing the user did.
  const [firstSignal] = stopSignals.received;
  const forced = stopSignals.received.some((signal) => exitCodeOf(signal) === exitCodeOf(unclean));
  return forced && firstSignal ? exitCodeOf(firstSignal) : exitCodeOf(unclean);
}

/**
 * Where the development API listens and the URL it is reached at (the console's is under it).
 *
 * @param {NodeJS.ProcessEnv} env
 */
function devAddresses(env) {
  const port = env.PORT ?? '8080';
  // This machine only, unless HOST says otherwise: a development API is not for the network.
  const host = env.HOST ?? '127.0.0.1';
  const baseUrl = env.API_BASE_URL ?? `http://localhost:${port}`;
  return { host, port, baseUrl };
}

/**
 * `pnpm dev --help`: what it runs and where, without starting anything.
 *
 * @param {NodeJS.ProcessEnv} env
 */
function devUsage(env) {
  const { baseUrl } = devAddresses(env);
  return (
    'Usage: pnpm dev\n\n' +
    'Builds the API, the worker, the migrator and the console, deploys the migrations (to\n' +
    'DATABASE_URL, or the development database in .data/postgres), then runs the API and the\n' +
    'delivery worker until Ctrl-C.\n\n' +
    `   API:     ${baseUrl}   (PORT, HOST, API_BASE_URL)\n` +
    `   Console: ${baseUrl}/console/\n` +
    `   docs:    ${baseUrl}/api/v1/docs\n` +
    '   API key: pnpm api-key create --name local\n'
  );
}

/** @param {import('./child-processes.cjs').ExitStatus} status */
function describe({ code, signal }) {
  if (code === 0) return 'stopped';
  return code !== null ? `exited with code ${code}` : `was ended by ${signal}`;
}

/** @param {string} text */
function capitalized(text) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

module.exports = { devUsage, runDev };
