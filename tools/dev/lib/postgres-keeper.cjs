// @ts-check
// Owns the embedded development PostgreSQL for a launcher (dev-database.cjs forks it, detached:
// a session of its own). A terminal's Ctrl-C therefore reaches neither this process nor the server;
// the server stops when the launcher says so, after its commands have exited, or when the launcher
// is gone (the IPC channel closes).
// Usage: postgres-keeper.cjs <data dir>. Reports { ready: url } or { failed: message } over IPC.
const { ensureDevDatabase, startEmbeddedPostgres } = require('@publishing/db/postgres');

/** @type {Promise<void>} */
const stopRequested = new Promise((resolve) => {
  process.on('message', (message) => message === 'stop' && resolve());
  process.on('disconnect', () => resolve());
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => resolve());
});

/** @param {{ ready: string } | { failed: string }} message */
function report(message) {
  if (process.connected) process.send?.(message);
}

async function main() {
  const dataDir = process.argv[2];
  if (!dataDir) throw new Error('Usage: postgres-keeper.cjs <data dir>');
  const server = await startEmbeddedPostgres({ dataDir });
  try {
    report({ ready: await ensureDevDatabase(server.url) });
    await stopRequested;
  } finally {
    await server.stop();
  }
}

main().then(
  () => process.exit(0),
  (/** @type {unknown} */ error) => {
    report({ failed: error instanceof Error ? error.message : String(error) });
    process.exit(1);
  },
);
