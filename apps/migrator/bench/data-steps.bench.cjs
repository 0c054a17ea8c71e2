#!/usr/bin/env node
// `pnpm bench:migrator` (second part): a batched data step (`data.ts`, mode 'batched', run by the
// real `migrate deploy`) against the floor, one `UPDATE` of the same rows, side by side on the same
// server and table. Prints rows/s of each and the p50/p99 latency of single-row writes that a
// concurrent client makes to the table meanwhile. Rows: BENCH_DATA_ROWS (default 1,000,000).
// Uses DATABASE_URL's server if set, else an embedded PostgreSQL. Not a test: the machine may be
// shared, so compare the two figures of one run (ratios), not runs with each other.
const { spawn } = require('node:child_process');
const { mkdtempSync, mkdirSync, rmSync, writeFileSync } = require('node:fs');
const { loadavg, tmpdir } = require('node:os');
const { join } = require('node:path');
const { performance } = require('node:perf_hooks');
const { Client } = require('pg');

const root = join(__dirname, '../../..');
const { createDatabase, dropDatabase, startEmbeddedPostgres } = require(
  join(root, 'packages/db/dist/postgres'),
);
const rows = Number(process.env.BENCH_DATA_ROWS ?? 1_000_000);
const batchSize = Number(process.env.BENCH_DATA_BATCH ?? 1000);

function deploy(url, migrationsDir) {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [join(root, 'apps/migrator/bin/migrate.cjs'), 'deploy', '--json'],
      { cwd: root, env: { ...process.env, DATABASE_URL: url, MIGRATIONS_DIR: migrationsDir } },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('exit', (code) =>
      code === 0
        ? resolve(JSON.parse(stdout))
        : reject(new Error(`deploy failed:\n${stderr}${stdout}`)),
    );
  });
}

/**
 * Single-row updates of random rows, one after another, until stopped; returns the latencies of
 * those started once `measure()` was called (while the backfill runs, not during the warm-up).
 */
function concurrentWriter(url) {
  const latencies = [];
  let running = true;
  let measuring = false;
  const client = new Client({ connectionString: url });
  const done = (async () => {
    await client.connect();
    while (running) {
      const id = 1 + Math.floor(Math.random() * rows);
      const started = performance.now();
      const counted = measuring;
      await client.query('UPDATE bench_rows SET touched_at = now() WHERE id = $1', [id]);
      if (counted) latencies.push(performance.now() - started);
    }
    await client.end();
  })();
  return {
    measure: () => {
      measuring = true;
    },
    stop: async () => {
      running = false;
      await done;
      return latencies;
    },
  };
}

function percentile(samples, p) {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

function folder(base, withDataStep) {
  const dir = join(base, withDataStep ? 'with-step' : 'table-only', 'migrations');
  mkdirSync(join(dir, '20240101000000_create_bench_rows'), { recursive: true });
  writeFileSync(join(dir, 'migration_lock.toml'), 'provider = "postgresql"\n');
  writeFileSync(
    join(dir, '20240101000000_create_bench_rows/migration.sql'),
    `CREATE TABLE bench_rows (id bigint PRIMARY KEY, value int NOT NULL, doubled int, touched_at timestamptz);
     INSERT INTO bench_rows (id, value) SELECT n, n % 1000 FROM generate_series(1, ${rows}) AS n;`,
  );
  if (withDataStep) {
    const step = join(dir, '20240102000000_backfill_doubled');
    mkdirSync(step);
    writeFileSync(join(step, 'migration.sql'), 'SELECT 1;\n');
    writeFileSync(
      join(step, 'data.ts'),
      `import { defineDataMigration } from '@publishing/db/data-migration';
export default defineDataMigration({
  mode: 'batched',
  blocking: false,
  async up(ctx) {
    await ctx.batch({
      table: 'bench_rows',
      key: 'id',
      size: ${batchSize},
      update: ({ sql, from, to }) =>
        sql\`UPDATE bench_rows SET doubled = value * 2 WHERE id BETWEEN \${from} AND \${to}\`,
    });
  },
});
`,
    );
  }
  return dir;
}

async function main() {
  const embedded = process.env.DATABASE_URL ? undefined : await startEmbeddedPostgres();
  const server = process.env.DATABASE_URL ?? embedded.url;
  const scratch = mkdtempSync(join(tmpdir(), 'bench-data-steps-'));
  const name = `bench_data_steps_${process.pid}`;
  const url = await createDatabase(server, name);
  const load = () => loadavg()[0].toFixed(2);
  try {
    const tableOnly = folder(scratch, false);
    const withStep = folder(scratch, true);
    process.stderr.write(`creating ${rows} rows (load average ${load()})…\n`);
    await deploy(url, tableOnly);
    const admin = new Client({ connectionString: url });
    await admin.connect();
    await admin.query('VACUUM ANALYZE bench_rows');

    // The floor: one UPDATE of every row, while the writer waits on the rows it locks.
    const loadBefore = load();
    let writer = concurrentWriter(url);
    await new Promise((resolve) => setTimeout(resolve, 300));
    writer.measure();
    let started = performance.now();
    await admin.query('UPDATE bench_rows SET doubled = value * 2');
    const floorMs = performance.now() - started;
    const floorWrites = await writer.stop();
    await admin.query('UPDATE bench_rows SET doubled = NULL');
    await admin.query('VACUUM ANALYZE bench_rows');

    // The batched data step, run by the real `migrate deploy`.
    writer = concurrentWriter(url);
    await new Promise((resolve) => setTimeout(resolve, 300));
    writer.measure();
    started = performance.now();
    const result = await deploy(url, withStep);
    const deployMs = performance.now() - started;
    const batchedWrites = await writer.stop();
    const stepMs = result.dataSteps[0].durationMs;
    const [{ missing }] = (
      await admin.query('SELECT count(*)::int AS missing FROM bench_rows WHERE doubled IS NULL')
    ).rows;
    await admin.end();
    if (missing !== 0) throw new Error(`${missing} rows were not backfilled`);

    const floorRate = rows / (floorMs / 1000);
    const stepRate = rows / (stepMs / 1000);
    const line = (label, rate, writes) =>
      `  ${label.padEnd(34)} ${Math.round(rate).toString().padStart(9)} rows/s   concurrent writes: ${writes.length} done, p50 ${percentile(writes, 50).toFixed(1)} ms, p99 ${percentile(writes, 99).toFixed(1)} ms, max ${percentile(writes, 100).toFixed(0)} ms`;
    console.log(
      `\nData steps: ${rows} rows, batches of ${batchSize} (load average ${loadBefore} before, ${load()} after; the machine may be shared)`,
    );
    console.log(line('one UPDATE (floor)', floorRate, floorWrites));
    console.log(line('batched data step (migrate deploy)', stepRate, batchedWrites));
    console.log(
      `  batched / floor rows/s: ${(stepRate / floorRate).toFixed(2)}× (target ≥ 0.3×); ` +
        `concurrent write p99 during batched: ${percentile(batchedWrites, 99).toFixed(1)} ms (target ≤ 50 ms); ` +
        `whole deploy incl. process start ${(deployMs / 1000).toFixed(1)} s`,
    );
  } finally {
    await dropDatabase(server, name).catch(() => undefined);
    rmSync(scratch, { recursive: true, force: true });
    await embedded?.stop();
  }
}

main().catch((error) => {
  console.error(error.message ?? error);
  process.exit(1);
});
