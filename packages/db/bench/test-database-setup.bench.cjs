#!/usr/bin/env node
// Per-test-file database set-up: cloning the migrated template (what the tests do) against
// replaying the migration history into an empty database (the baseline), in one run.
// Usage: pnpm --filter @publishing/db bench [-- iterations]   (TEST_DATABASE_URL or embedded)
const { performance } = require('node:perf_hooks');
const { applyMigrations } = require('../dist/engine');
const { prismaPaths } = require('../dist/paths');
const { createDatabase, dropDatabase, startEmbeddedPostgres } = require('../dist/postgres');

const iterations = Number(process.argv[2] ?? 20);

/** Times `run` only; `cleanUp` (dropping the database) happens outside the measurement. */
async function time(label, run, cleanUp) {
  const samples = [];
  for (let i = 0; i < iterations; i++) {
    const started = performance.now();
    await run(i);
    samples.push(performance.now() - started);
    await cleanUp(i);
  }
  samples.sort((a, b) => a - b);
  const median = samples[Math.floor(samples.length / 2)];
  console.log(`${label.padEnd(44)} median ${median.toFixed(1).padStart(7)} ms  (n=${iterations})`);
  return median;
}

async function main() {
  const embedded = process.env.TEST_DATABASE_URL ? undefined : await startEmbeddedPostgres();
  const server = process.env.TEST_DATABASE_URL ?? embedded.url;
  const template = `bench_template_${process.pid}`;
  try {
    await applyMigrations({
      url: await createDatabase(server, template),
      migrationsDir: prismaPaths.migrations,
    });
    const replayName = (i) => `bench_replay_${process.pid}_${i}`;
    const cloneName = (i) => `bench_clone_${process.pid}_${i}`;
    const replay = await time(
      'replay the history into an empty database',
      async (i) =>
        applyMigrations({
          url: await createDatabase(server, replayName(i)),
          migrationsDir: prismaPaths.migrations,
        }),
      (i) => dropDatabase(server, replayName(i)),
    );
    const clone = await time(
      'clone the migrated template (CREATE … TEMPLATE)',
      (i) => createDatabase(server, cloneName(i), { template }),
      (i) => dropDatabase(server, cloneName(i)),
    );
    console.log(
      `\nclone is ${(replay / clone).toFixed(1)}× faster than replaying the history (baseline = replay, same run)`,
    );
  } finally {
    await dropDatabase(server, template).catch(() => undefined);
    await embedded?.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
