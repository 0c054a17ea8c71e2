// @ts-check
const { isRunning } = require('./child-processes.cjs');

/**
 * How the launcher's children learn they must stop: each exactly once per request.
 *
 * Ctrl-C: the terminal sends SIGINT to every process of its foreground process group, the
 * launcher's children included (they stay in that group), once per key press; a closing terminal
 * sends SIGHUP the same way. pnpm also passes the SIGINT it gets on to its child, the launcher,
 * so the launcher sees two per key press: it passes neither on, it only notes the request.
 * SIGTERM comes from a `kill`, or from pnpm on a second Ctrl-C (pnpm 12 then sends SIGINT and
 * SIGTERM), never from the terminal: it is passed on to each running child, once.
 */
class StopSignals {
  /** @type {Set<import('node:child_process').ChildProcess>} */
  #children = new Set();
  /** @type {Array<(signal: NodeJS.Signals) => void>} */
  #listeners = [];
  /** @type {NodeJS.Signals[]} */
  received = [];
  /** @type {Promise<NodeJS.Signals>} resolves on the first stop signal */
  requested = new Promise((resolve) => this.onSignal(resolve));

  constructor() {
    process.on('SIGINT', () => this.#receive('SIGINT'));
    process.on('SIGHUP', () => this.#receive('SIGHUP'));
    process.on('SIGTERM', () => {
      for (const child of this.#children) if (isRunning(child)) child.kill('SIGTERM');
      this.#receive('SIGTERM');
    });
  }

  /**
   * Passes a SIGTERM received from now on to `child`, until it exits.
   *
   * @param {import('node:child_process').ChildProcess} child
   */
  forwardTo(child) {
    this.#children.add(child);
    child.once('exit', () => this.#children.delete(child));
  }

  /** @param {(signal: NodeJS.Signals) => void} listener */
  onSignal(listener) {
    this.#listeners.push(listener);
  }

  get stopRequested() {
    return this.received.length > 0;
  }

  /** @param {NodeJS.Signals} signal */
  #receive(signal) {
    this.received.push(signal);
    for (const listener of this.#listeners) listener(signal);
  }
}

module.exports = { StopSignals };
