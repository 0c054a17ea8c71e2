#!/usr/bin/env node
// `pnpm bench:migrator`: wall time of `migrate deploy` (nothing pending, and the whole history on an
// empty database) against the stock `prisma migrate deploy` and against the floor (`psql` connect
// + one query; `psql -f` of the history, each migration in a transaction of its own unless it is
// marked no-transaction, as deploy runs it), side by side in one run on the same server, with
// `node -e 0` as the price of starting Node at all.
// Uses DATABASE_URL's server if set, else an embedded PostgreSQL. Needs `psql` on PATH for the floor.
// Argument: runs (7). Env: BENCH_OTHER_MIGRATORS (other builds' bin/migrate.cjs, comma-separated,
// measured in the same turns and named by their folder: an A/B of two builds; copy or check out
// the other build elsewhere), BENCH_STOCK=0 (leave the stock CLI out: a second a run, and load).
const { execFileSync, spawnSync } = require('node:child_process');
const { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { performance } = require('node:perf_hooks');

const root = join(__dirname, '../../..');
const { createDatabase, dropDatabase, startEmbeddedPostgres } = require(
  join(root, 'packages/db/dist/postgres'),
);
const runs = Number(process.argv[2] ?? 7);
const migrationsDir = join(root, 'prisma/migrations');
const others = (process.env.BENCH_OTHER_MIGRATORS ?? '')
  .split(',')
  .filter(Boolean)
  .map((bin) => ({ bin, label: `migrate (${bin.split('/').at(-5)})` }));
const withStock = process.env.BENCH_STOCK !== '0';

function run(command, args, env) {
  const started = performance.now();
  const result = spawnSync(command, args, {
    cwd: root,
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
  const elapsed = performance.now() - started;
  if (result.status !== 0)
    throw new Error(`${command} ${args.join(' ')} failed:\n${result.stderr}${result.stdout}`);
  return elapsed;
}

/** The image's size as Docker reports it, if `pnpm test:compose` (or `docker compose build`) made it. */
function imageSize(tag) {
  const inspected = spawnSync('docker', ['image', 'inspect', '--format', '{{.Size}}', tag], {
    encoding: 'utf8',
  });
  if (inspected.status !== 0) return `not built here (${tag}; pnpm test:compose builds it)`;
  return `${(Number(inspected.stdout.trim()) / 1e6).toFixed(0)} MB (${tag})`;
}

function median(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function main() {
  execFileSync('psql', ['--version']);
  const embedded = process.env.DATABASE_URL ? undefined : await startEmbeddedPostgres();
  const server = process.env.DATABASE_URL ?? embedded.url;
  const scratch = mkdtempSync(join(tmpdir(), 'bench-migrator-'));
  const history = join(scratch, 'history.sql');
  writeFileSync(
    history,
    readdirSync(migrationsDir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => readFileSync(join(migrationsDir, entry.name, 'migration.sql'), 'utf8'))
      .map((sql) =>
        /^\s*--\s*migrate:no-transaction/m.test(sql)
          ? `${sql}\n;\n`
          : `BEGIN;\n${sql}\n;\nCOMMIT;\n`,
      )
      .join(''),
  );
  const created = [];
  const fresh = async (label, i) => {
    const name = `bench_${label}_${process.pid}_${i}`;
    created.push(name);
    return createDatabase(server, name);
  };
  const migrator = (url, bin = join(root, 'apps/migrator/bin/migrate.cjs')) =>
    run(process.execPath, [bin, 'deploy'], { DATABASE_URL: url });
  const stock = (url) =>
    run(
      join(root, 'node_modules/.bin/prisma'),
      ['--config', 'prisma/prisma.config.ts', 'migrate', 'deploy'],
      {
        DATABASE_URL: url,
        PRISMA_HIDE_UPDATE_MESSAGE: '1',
      },
    );
  const results = {};
  try {
    const atHead = await fresh('head', 0);
    migrator(atHead);
    // Each build's first run writes its code cache, as the bench's own first run does.
    for (const other of others) migrator(await fresh('warm', others.indexOf(other)), other.bin);
    const noop = { floor: [], migrator: [], stock: [], others: others.map(() => []) };
    const full = { floor: [], migrator: [], stock: [], others: others.map(() => []) };
    const nodeStart = [];
    for (let i = 0; i < runs; i++) {
      nodeStart.push(run(process.execPath, ['-e', '0']));
      noop.floor.push(run('psql', [atHead, '-qAtc', 'SELECT count(*) FROM _prisma_migrations']));
      // The builds take turns going first, so neither always runs on the other's heels.
      const builds = [
        { bin: undefined, noop: noop.migrator, full: full.migrator },
        ...others.map((other, k) => ({
          bin: other.bin,
          noop: noop.others[k],
          full: full.others[k],
        })),
      ];
      if (i % 2 === 1) builds.reverse();
      for (const build of builds) build.noop.push(migrator(atHead, build.bin));
      if (withStock) noop.stock.push(stock(atHead));
      full.floor.push(
        run('psql', [await fresh('floor', i), '-q', '-v', 'ON_ERROR_STOP=1', '-f', history]),
      );
      for (const [k, build] of builds.entries())
        build.full.push(migrator(await fresh(`build${k}`, i), build.bin));
      if (withStock) full.stock.push(stock(await fresh('stock', i)));
      process.stderr.write('.');
    }
    process.stderr.write('\n');
    for (const [scenario, samples] of [
      ['nothing pending', noop],
      ['whole history, empty database', full],
    ]) {
      const floor = median(samples.floor);
      const ours = median(samples.migrator);
      const theirs = withStock ? median(samples.stock) : undefined;
      results[scenario] = { floor, ours, theirs };
      console.log(`\n${scenario} (median of ${runs})`);
      console.log(`  floor (psql)                 ${floor.toFixed(0).padStart(6)} ms   1.00×`);
      console.log(
        `  pnpm migrate deploy          ${ours.toFixed(0).padStart(6)} ms   ${(ours / floor).toFixed(2)}× floor`,
      );
      others.forEach((other, k) => {
        const time = median(samples.others[k]);
        console.log(
          `  ${other.label.padEnd(28)} ${time.toFixed(0).padStart(6)} ms   ${(time / floor).toFixed(2)}× floor`,
        );
      });
      if (theirs === undefined) continue;
      console.log(
        `  prisma migrate deploy        ${theirs.toFixed(0).padStart(6)} ms   ${(theirs / floor).toFixed(2)}× floor`,
      );
      console.log(`  migrate / stock CLI          ${(ours / theirs).toFixed(2)}×`);
    }
    const node = median(nodeStart);
    const noopResult = results['nothing pending'];
    const fullResult = results['whole history, empty database'];
    const met = (ok) => (ok ? 'met' : 'missed');
    console.log(`\nnode -e 0 (starting Node at all) ${node.toFixed(0).padStart(6)} ms`);
    console.log(
      `nothing pending: ${(noopResult.ours / node).toFixed(2)}× node -e 0, ${(noopResult.ours / noopResult.floor).toFixed(2)}× the psql floor`,
    );
    console.log(
      // Issue 14 set 90 ms where node -e 0 took 51 ms and psql 28 ms: as ratios, these two.
      `\nTargets: nothing pending ≤ 1.76× node -e 0: ${met(noopResult.ours / node <= 1.76)}; ≤ 3.2× the floor: ${met(noopResult.ours / noopResult.floor <= 3.2)}; ` +
        `whole history ≤ 2× the floor: ${met(fullResult.ours / fullResult.floor <= 2)}.`,
    );
    console.log(`Migrator image: ${imageSize('publishing-migrator:local')}`);
    console.log(
      `Load average during the run: ${require('node:os').loadavg()[0].toFixed(2)} (figures mean little above ~1 on this machine).`,
    );
  } finally {
    for (const name of created) await dropDatabase(server, name).catch(() => undefined);
    rmSync(scratch, { recursive: true, force: true });
    await embedded?.stop();
  }
}

main().catch((error) => {
  console.error(error.message ?? error);
  process.exit(1);
});
