// @ts-check
const { spawn } = require('node:child_process');
const { constants } = require('node:os');

/**
 * @typedef {{ code: number | null, signal: NodeJS.Signals | null }} ExitStatus
 * @typedef {{ process: import('node:child_process').ChildProcess, exited: Promise<ExitStatus> }} StartedChild
 */

/**
 * Starts a program in the launcher's process group: a terminal's Ctrl-C reaches it directly, once
 * (see stop-signals.cjs).
 *
 * @param {string} file
 * @param {string[]} args
 * @param {import('node:child_process').SpawnOptions} [options]
 * @returns {StartedChild}
 */
function startChild(file, args, options = {}) {
  const child = spawn(file, args, { stdio: 'inherit', ...options });
  /** @type {Promise<ExitStatus>} */
  const exited = new Promise((resolve, reject) => {
    child.once('error', reject);
    // 'close' rather than 'exit': piped output is then read to the end.
    child.once('close', (code, signal) => resolve({ code, signal }));
  });
  return { process: child, exited };
}

/**
 * The exit code a shell would report: the code, or 128 + the number of the signal that ended it.
 *
 * @param {ExitStatus | NodeJS.Signals} status
 */
function exitCodeOf(status) {
  if (typeof status === 'string') return 128 + constants.signals[status];
  if (status.code !== null) return status.code;
  return status.signal ? 128 + constants.signals[status.signal] : 1;
}

/** @param {import('node:child_process').ChildProcess} child */
function isRunning(child) {
  return child.exitCode === null && child.signalCode === null;
}

module.exports = { startChild, exitCodeOf, isRunning };
