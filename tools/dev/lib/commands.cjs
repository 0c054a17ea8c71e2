// @ts-check
// The local commands of the root package.json (`pnpm migrate …` runs
// `node tools/dev/bin/local-command.cjs migrate …`): what each builds first, whether an invocation
// needs a database, and how it runs.
const { join } = require('node:path');
const { devUsage, runDev } = require('./dev.cjs');
const { runProgram } = require('./run-program.cjs');

/**
 * @typedef {{
 *   root: string,
 *   args: string[],
 *   env: NodeJS.ProcessEnv,
 *   stopSignals: import('./stop-signals.cjs').StopSignals,
 *   database: import('./dev-database.cjs').ProvidedDatabase,
 *   stderr: NodeJS.WriteStream,
 * }} CommandContext
 * @typedef {{
 *   builds: string[],
 *   needsDatabase(args: string[]): boolean,
 *   run(context: CommandContext): Promise<number>,
 * }} LocalCommand
 */

/**
 * Help, version, or no arguments at all (which these CLIs answer with their usage): answered
 * without a database, so none is started for it.
 *
 * @param {string[]} versionWords first arguments that ask for the version
 * @returns {(args: string[]) => boolean}
 */
function unlessHelpOrVersion(versionWords) {
  return (args) => {
    const end = args.indexOf('--');
    const options = end === -1 ? args : args.slice(0, end);
    const first = args[0];
    const asks =
      first === undefined ||
      first === 'help' ||
      versionWords.includes(first) ||
      options.includes('--help') ||
      options.includes('-h');
    return !asks;
  };
}

/** @param {string[]} args */
function asksForHelp(args) {
  return args.includes('--help') || args.includes('-h') || args[0] === 'help';
}

/**
 * @param {string} script relative to the repository root
 * @returns {LocalCommand['run']}
 */
function nodeScript(script) {
  return ({ root, args, env, stopSignals }) =>
    runProgram({ script: join(root, script), args, env, stopSignals });
}

/** @type {Record<string, LocalCommand>} */
const LOCAL_COMMANDS = {
  migrate: {
    builds: ['@publishing/migrator'],
    // `hash` only reads the migrations folder.
    needsDatabase: (args) => args[0] !== 'hash' && unlessHelpOrVersion(['--version', '-V'])(args),
    run: nodeScript('apps/migrator/bin/migrate.cjs'),
  },
  prisma: {
    // The Prisma CLI runs the schema engine through @publishing/db's bridge (prisma.config.ts).
    builds: ['@publishing/db'],
    needsDatabase: unlessHelpOrVersion(['--version', '-v', 'version']),
    run: ({ root, args, env, stopSignals }) =>
      runProgram({
        script: require.resolve('prisma/build/index.js', { paths: [root] }),
        args: ['--config', join(root, 'prisma/prisma.config.ts'), ...args],
        env,
        stopSignals,
      }),
  },
  'api-key': {
    builds: ['@publishing/api'],
    needsDatabase: unlessHelpOrVersion(['--version', '-V']),
    run: nodeScript('apps/api/dist/cli/api-keys.js'),
  },
  worker: {
    builds: ['@publishing/worker'],
    needsDatabase: () => true,
    run: nodeScript('apps/worker/dist/main.js'),
  },
  dev: {
    // The API serves the console's build at /console/.
    builds: [
      '@publishing/api',
      '@publishing/worker',
      '@publishing/migrator',
      '@publishing/console',
    ],
    needsDatabase: (args) => !asksForHelp(args),
    run: async (context) => {
      if (!asksForHelp(context.args)) return runDev(context);
      context.stderr.write(devUsage(context.env));
      return 0;
    },
  },
};

module.exports = { LOCAL_COMMANDS };
