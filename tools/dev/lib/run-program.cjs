// @ts-check
const { exitCodeOf, startChild } = require('./child-processes.cjs');

/**
 * Runs a Node.js program as the launcher's child (see stop-signals.cjs for the signals it gets)
 * and resolves with its exit code.
 *
 * @param {{
 *   script: string,
 *   args: string[],
 *   env: NodeJS.ProcessEnv,
 *   stopSignals: import('./stop-signals.cjs').StopSignals,
 * }} options
 */
async function runProgram({ script, args, env, stopSignals }) {
  const program = startChild(process.execPath, [script, ...args], { env });
  stopSignals.forwardTo(program.process);
  return exitCodeOf(await program.exited);
}

module.exports = { runProgram };
