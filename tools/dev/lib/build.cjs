// @ts-check
const { setTimeout, clearTimeout } = require('node:timers');
const { exitCodeOf, startChild } = require('./child-processes.cjs');

/** A build still running after this long is announced, and its output streamed, as progress. */
const QUIET_FOR_MS = 1000;

/**
 * Builds `packages` and what they depend on through turbo, which answers from its cache when
 * nothing changed. The command's stdout stays its own (`--json` output must parse): turbo's output
 * is held back, and shown on stderr only when the build fails or takes longer than a moment.
 *
 * @param {{
 *   root: string,
 *   packages: string[],
 *   stopSignals: import('./stop-signals.cjs').StopSignals,
 *   stderr?: NodeJS.WriteStream,
 * }} options
 * @returns {Promise<number>} 0 when built; otherwise the exit code to end with
 */
async function buildWorkspaces({ root, packages, stopSignals, stderr = process.stderr }) {
  const turbo = require.resolve('turbo/bin/turbo', { paths: [root] });
  const args = [turbo, 'run', 'build', ...packages.map((name) => `--filter=${name}`)];
  args.push('--output-logs=new-only', stderr.isTTY ? '--color' : '--no-color');
  const build = startChild(process.execPath, args, {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  stopSignals.forwardTo(build.process);

  /** @type {Buffer[]} */
  const held = [];
  let streaming = false;
  /** @param {Buffer} chunk */
  const collect = (chunk) => (streaming ? stderr.write(chunk) : held.push(chunk));
  build.process.stdout?.on('data', collect);
  build.process.stderr?.on('data', collect);
  const names = packages.join(', ');
  const announce = setTimeout(() => {
    streaming = true;
    stderr.write(`Building ${names} first (turbo run build; a no-op next time)…\n`);
    for (const chunk of held.splice(0)) stderr.write(chunk);
  }, QUIET_FOR_MS);

  const code = exitCodeOf(await build.exited);
  clearTimeout(announce);
  if (code === 0 || stopSignals.stopRequested) return code;
  for (const chunk of held) stderr.write(chunk);
  stderr.write(
    `\nCould not build ${names} (turbo exited with ${code}): fix the errors above, then run the command again.\n`,
  );
  return code;
}

module.exports = { buildWorkspaces };
