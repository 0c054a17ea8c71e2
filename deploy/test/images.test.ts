/**
 * The root Dockerfile, read without a Docker engine: per target (migrator, api, worker), the stages
 * `docker build --target <app>` builds, what they copy from the build context, the production
 * install, the non-root user, the build-time load check and the start command.
 */
import dockerignore from '@balena/dockerignore';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DOCKERFILE,
  readDockerfile,
  stageNamed,
  stagesCopiedInto,
  stagesReachableFrom,
  type Stage,
} from './support/dockerfile';
import { METRICS_PORT_VARIABLE, settingDefault } from './support/app-environment';
import { existsInRepository, readJson, readText, ROOT } from './support/repository';
import {
  copyOfWorkspaceManifests,
  packageNameOf,
  workspaceDependencies,
} from './support/workspace';

const stages = readDockerfile();
const ROOT_PACKAGE = readJson<{
  version: string;
  packageManager: string;
  devDependencies: Record<string, string>;
}>('package.json');
const buildContext = dockerignore().add(readText('.dockerignore'));

/**
 * The API and the worker: the Node base image plus their production install. `start`: the image's
 * start command (ENTRYPOINT + CMD); `loads`: the production stage's check that the compiled app
 * loads; `migrations`: whether the app reads prisma/migrations. The migrator's image is built
 * differently (its own describe below).
 */
const TARGETS = [
  {
    target: 'api',
    app: 'apps/api',
    start: /^node apps\/api\/dist\/main\.js$/,
    loads: /\bnode -e "require\('\.\/apps\/api\/dist\/app\.module\.js'\)"/,
    migrations: true,
  },
  {
    target: 'worker',
    app: 'apps/worker',
    start: /^node apps\/worker\/dist\/main\.js$/,
    loads: /\bnode apps\/worker\/dist\/main\.js\b/,
    migrations: false,
  },
];

const isPackageInstall = (stage: Stage): boolean =>
  stage.steps.some((step) => step.keyword === 'RUN' && /\bpnpm install\b/.test(step.args));

describe(DOCKERFILE, () => {
  it('has a target for the API and the worker, each an image on the Node base with nothing but /app added', () => {
    for (const { target } of TARGETS) {
      const final = stageNamed(stages, target);
      expect(final, `a stage named ${target}`).toBeDefined();
      expect(final!.base).toMatch(/^node:20[\w.-]*(slim|alpine)/);
      const copies = final!.steps.filter((step) => step.keyword === 'COPY');
      expect(copies.map((step) => step.args)).toEqual(['/app ./']);
      expect(copies[0]!.from).toEqual([`${target}-production`]);
    }
  });
});

describe.each(TARGETS)(
  `${DOCKERFILE} --target $target`,
  ({ target, app, start, loads, migrations }) => {
    const reachable = stagesReachableFrom(stages, target);
    const final = stageNamed(stages, target)!;
    const copiedIntoFinal = stagesCopiedInto(stages, final);
    const production = copiedIntoFinal.find(isPackageInstall);
    const packageName = packageNameOf(app);

    it("builds the shared stages and its own, none of another app's", () => {
      expect(reachable.map((stage) => stage.name)).toEqual([
        'base',
        'pruner',
        'builder',
        `${target}-production`,
        target,
      ]);
    });

    it('copies only paths that exist in the repository and are in the build context', () => {
      const sources = reachable.flatMap((stage) => stage.steps.flatMap((step) => step.sources));
      expect(sources.length).toBeGreaterThan(0);
      for (const source of sources) {
        expect(existsInRepository(source), `${DOCKERFILE} copies ${source}`).toBe(true);
        if (source !== '.')
          expect(buildContext.ignores(source), `.dockerignore excludes ${source}`).toBe(false);
      }
    });

    it('is multi-stage on Node 20 slim/alpine, pnpm and turbo pinned, pruned to the app', () => {
      for (const stage of reachable.filter((stage) => !stageNamed(stages, stage.base)))
        expect(stage.base, `FROM of ${stage.name}`).toMatch(/^node:20[\w.-]*(slim|alpine)/);
      const arg = (name: string) =>
        reachable.map((stage) => stage.args.get(name)).find((value) => value !== undefined);
      expect(`pnpm@${arg('PNPM_VERSION')}`).toBe(ROOT_PACKAGE.packageManager);
      expect(arg('TURBO_VERSION')).toBe(ROOT_PACKAGE.devDependencies.turbo);

      const runs = (stage: Stage | undefined) =>
        (stage?.steps ?? []).filter((step) => step.keyword === 'RUN').map((step) => step.args);
      expect(runs(stageNamed(stages, 'pruner')).join('\n')).toContain(
        `turbo prune ${packageName} --docker --out-dir /pruned/${target}`,
      );
      expect(production, 'a stage copied into the image that installs packages').toBeDefined();
      const installsFrom = production!.steps.find(
        (step) => step.keyword === 'COPY' && step.from[0] === 'pruner',
      );
      expect(installsFrom?.args).toBe(`/pruned/${target}/json/ ./`);
      expect(runs(stageNamed(stages, 'builder')).join('\n')).toContain(`--filter=${packageName}`);
    });

    it(`runs as a non-root user, and ships production dependencies${migrations ? ' and prisma/migrations' : ', no prisma/'}`, () => {
      const user = final.steps.filter((step) => step.keyword === 'USER').at(-1);
      expect(user, 'a USER in the final stage').toBeDefined();
      expect(user!.args).not.toMatch(/^(root|0)(:|$)/);

      // The image installs nothing itself: everything comes from the production stage.
      for (const step of final.steps.filter((step) => step.keyword === 'RUN'))
        expect(step.args, `line ${step.line}`).not.toMatch(/\b(npm|pnpm|yarn|npx)\b/);
      const installs = production!.steps.filter(
        (step) => step.keyword === 'RUN' && /\bpnpm install\b/.test(step.args),
      );
      expect(installs).toHaveLength(1);
      expect(installs[0]!.args).toContain('--frozen-lockfile');
      expect(installs[0]!.args).toContain('--prod');
      // Without it the lockfile's optional peer `prisma` of @prisma/client comes along.
      expect(installs[0]!.args).toContain('--no-optional');
      // The app and what it runs with: not the test-only packages turbo prune keeps.
      expect(installs[0]!.args).toContain(`--filter-prod "${packageName}..."`);
      // @publishing/db's optional peers (@nestjs/*) resolve from /app/node_modules.
      expect(installs[0]!.args).toContain("--config.public-hoist-pattern='*'");
      expect(installs[0]!.args).toMatch(/for package in packages\/\*; do grep -qx .* \|\| rm -rf/);

      const shipped = [final, ...copiedIntoFinal].flatMap((stage) =>
        stage.steps.flatMap((step) => step.sources),
      );
      expect(shipped.includes('prisma/migrations'), 'prisma/migrations in the image').toBe(
        migrations,
      );
      if (!migrations) {
        // Nothing of prisma/ at all, and the app indeed reads no history.
        expect(shipped.filter((source) => source.startsWith('prisma'))).toEqual([]);
        expect(readText(`${app}/src/main.ts`)).not.toMatch(
          /MIGRATIONS_DIR|prisma\/migrations|\/history'/,
        );
      }

      const command = final.steps
        .filter((step) => step.keyword === 'ENTRYPOINT' || step.keyword === 'CMD')
        .flatMap((step) => step.exec ?? [step.args]);
      expect(command.join(' ')).toMatch(start);
    });

    it('ships the build output of every workspace package the app depends on', () => {
      const fromBuilder = production!.steps
        .filter((step) => step.keyword === 'COPY' && step.from[0] === 'builder')
        .map((step) => step.args);
      // The builder gathers every package's dist/ in /out; the production stage takes those of the
      // packages in the app's pruned tree (exactly its workspace dependencies).
      const gathered = stageNamed(stages, 'builder')!.steps.some(
        (step) =>
          step.keyword === 'RUN' && /for dist in packages\/\*\/dist\b.*\/out\//.test(step.args),
      );
      const takesItsOwn =
        fromBuilder.includes('/out/packages/ /built/packages/') &&
        production!.steps.some(
          (step) =>
            step.keyword === 'RUN' &&
            step.args.includes('for package in packages/*; do cp -a "/built/${package}/dist"'),
        );
      const dependencies = [...workspaceDependencies(app)];
      expect(dependencies, 'workspace dependencies').toContain('packages/db');
      for (const dir of [app, ...dependencies]) {
        const isShipped =
          fromBuilder.some((args) => args.startsWith(`/app/${dir}/dist `)) ||
          (dir.startsWith('packages/') && gathered && takesItsOwn);
        expect(isShipped, `${dir}/dist in the ${target} image`).toBe(true);
      }
    });

    it('fails the build when the compiled app does not load, or the Prisma CLI slipped in', () => {
      const checks = production!.steps.filter(
        (step) => step.keyword === 'RUN' && loads.test(step.args),
      );
      expect(checks.length, `a RUN in the production stage matching ${loads}`).toBe(1);
      // After the build output is in place.
      const lastCopy = production!.steps.filter((step) => step.keyword === 'COPY').at(-1)!;
      expect(checks[0]!.line).toBeGreaterThan(lastCopy.line);
      expect(checks[0]!.args).toContain(
        `require.resolve('prisma/package.json', { paths: ['packages/db', '${app}'] })`,
      );
      expect(checks[0]!.args).toMatch(
        /the Prisma CLI is in the production dependencies' >&2; exit 1/,
      );
    });
  },
);

describe(`${DOCKERFILE} --target migrator`, () => {
  const final = stageNamed(stages, 'migrator')!;
  const production = stageNamed(stages, 'migrator-production')!;
  const steps = (stage: Stage, keyword: string) =>
    stage.steps.filter((step) => step.keyword === keyword);

  it("builds the shared stages and its own, none of another app's", () => {
    expect(stagesReachableFrom(stages, 'migrator').map((stage) => stage.name)).toEqual([
      'base',
      'pruner',
      'builder',
      'migrator-production',
      'migrator',
    ]);
  });

  it("is Debian slim plus the Node base's node binary and /app, run as uid 1000", () => {
    expect(final.base).toBe('debian:bookworm-slim');
    expect(steps(final, 'COPY').map((step) => [step.from[0], step.args])).toEqual([
      ['base', '/usr/local/bin/node /usr/local/bin/node'],
      ['migrator-production', '/migrator ./'],
    ]);
    expect(steps(final, 'RUN')[0]?.args).toMatch(/useradd --uid 1000 --gid node\b/);
    expect(steps(final, 'USER').at(-1)?.args).toBe('node');
    // Nothing is installed in the image itself.
    for (const step of steps(final, 'RUN'))
      expect(step.args, `line ${step.line}`).not.toMatch(/\b(npm|pnpm|yarn|npx|apt-get)\b/);
    // The binary runs on this base and loads the migrator, or the build fails.
    expect(steps(final, 'RUN').at(-1)?.args).toMatch(
      /^node apps\/migrator\/bin\/migrate\.cjs --help\b/,
    );
  });

  it('ships what image-files.cjs writes from the build, and the history', () => {
    expect(production.base).toBe('builder');
    const runs = steps(production, 'RUN').map((step) => step.args);
    expect(runs[0]).toBe('node apps/migrator/image-files.cjs /migrator');
    expect(existsInRepository('apps/migrator/image-files.cjs')).toBe(true);
    expect(steps(production, 'COPY').map((step) => step.args)).toEqual([
      'prisma/schema.prisma /migrator/prisma/schema.prisma',
      'prisma/migrations /migrator/prisma/migrations',
    ]);
    for (const source of steps(production, 'COPY').flatMap((step) => step.sources)) {
      expect(existsInRepository(source), `${DOCKERFILE} copies ${source}`).toBe(true);
      expect(buildContext.ignores(source), `.dockerignore excludes ${source}`).toBe(false);
    }
    // Checked after the last COPY: the bundle loads and its run-time packages resolve, with
    // nothing else installed around /migrator.
    const check = steps(production, 'RUN').at(-1)!;
    expect(check.line).toBeGreaterThan(steps(production, 'COPY').at(-1)!.line);
    expect(check.args).toMatch(/^node apps\/migrator\/bin\/migrate\.cjs --help\b/);
    for (const id of ['jiti', 'libpg-query', '@publishing/db/data-migration'])
      expect(check.args).toContain(`'${id}'`);
    // Before it, a deploy that cannot connect bakes V8's code cache of the deploy path (the
    // image's user cannot write it at run time), and the step fails if none was written.
    const warmUp = steps(production, 'RUN').at(-2)!;
    expect(warmUp.line).toBeGreaterThan(steps(production, 'COPY').at(-1)!.line);
    expect(warmUp.args).toContain('node apps/migrator/bin/migrate.cjs deploy');
    expect(warmUp.args).toContain('test -s apps/migrator/dist/migrate.cjs.cache');
  });

  it('installs no Prisma CLI and runs `deploy` by default', () => {
    const text = [final, production]
      .flatMap((stage) => stage.steps.map((step) => `${step.keyword} ${step.args}`))
      .join('\n');
    expect(text).not.toMatch(/\b(npm|pnpm|yarn)\b[^\n]*\b(install|add|i)\b[^\n]*\bprisma\b/);
    expect(text).not.toMatch(/\b(npx|pnpx|pnpm exec|pnpm dlx)\s+prisma\b/);
    expect(text).not.toMatch(/\bprisma\s+(generate|migrate|db)\b/);
    expect(steps(final, 'ENTRYPOINT').at(-1)?.exec).toEqual([
      'node',
      'apps/migrator/bin/migrate.cjs',
    ]);
    expect(steps(final, 'CMD').at(-1)?.exec).toEqual(['deploy']);
  });
});

describe(`${DOCKERFILE} --target worker`, () => {
  const final = stageNamed(stages, 'worker')!;

  it('checks at build time that main.js loads every module, in an empty environment', () => {
    // An empty environment makes main.js stop at configuration validation (exit 2) once every
    // module is loaded, before any database connection; a module that fails to load exits 1.
    const check = stageNamed(stages, 'worker-production')!.steps.find(
      (step) => step.keyword === 'RUN' && step.args.includes('node apps/worker/dist/main.js'),
    );
    expect(check?.args).toMatch(/\benv -i\b/);
    expect(check?.args).toMatch(/-ne 2\b/);
    expect(check?.args).toContain('Invalid worker configuration');
    expect(readText('apps/worker/src/main.ts')).toMatch(/ConfigError[\s\S]*return 2;/);
    expect(readText('apps/worker/src/config/worker-config.ts')).toContain(
      'Invalid worker configuration',
    );
  });

  it('exposes its metrics port only and sets no database or secret in the image', () => {
    const exposed = final.steps.filter((step) => step.keyword === 'EXPOSE');
    expect(exposed.map((step) => step.args)).toEqual([
      settingDefault('worker', METRICS_PORT_VARIABLE.worker),
    ]);
    const env = final.steps
      .filter((step) => step.keyword === 'ENV')
      .map((step) => step.args)
      .join(' ');
    expect(env).not.toMatch(/DATABASE_URL|SIGNING_SECRET|WORKER_ID/);
  });
});

describe(`${DOCKERFILE} --target api`, () => {
  const final = stageNamed(stages, 'api')!;
  const environment = new Map(
    final.steps
      .filter((step) => step.keyword === 'ENV')
      .flatMap((step) => step.args.split(/\s+/))
      .map((pair) => pair.split('=') as [string, string]),
  );

  it('listens on every interface of the container, on the ports it exposes', () => {
    // The API's own default (127.0.0.1) would answer nothing from outside the container.
    expect(environment.get('HOST')).toBe('0.0.0.0');
    const exposed = final.steps
      .filter((step) => step.keyword === 'EXPOSE')
      .flatMap((step) => step.args.split(/\s+/));
    expect(exposed).toEqual([
      environment.get('PORT'),
      settingDefault('api', METRICS_PORT_VARIABLE.api),
    ]);
  });

  it('ships the console built in the builder where the API looks for it, checked at build time', () => {
    const production = stageNamed(stages, 'api-production')!;
    const copy = production.steps.find(
      (step) => step.keyword === 'COPY' && /\bapps\/console\/dist\b/.test(step.args),
    );
    expect(copy?.from).toEqual(['builder']);
    expect(copy?.args).toBe('/app/apps/console/dist ./apps/console/dist');
    const builder = stageNamed(stages, 'builder')!;
    const runs = (stage: Stage) =>
      stage.steps
        .filter((step) => step.keyword === 'RUN')
        .map((step) => step.args)
        .join('\n');
    expect(runs(builder)).toContain('--filter=@publishing/console');
    expect(runs(stageNamed(stages, 'pruner')!)).toMatch(
      /turbo prune [^&]*@publishing\/console[^&]* --out-dir \/pruned\/apps/,
    );
    expect(runs(production)).toContain('test -f apps/console/dist/index.html');
  });

  it("carries the release version: turbo prune's output holds the root package.json", () => {
    // api-production installs from /pruned/api/json/ into /app (asserted above), so the image has
    // this file at /app/package.json, where apps/api/dist/config/app-version.js reads it.
    // Pruned from the workspace's manifests alone: builds running beside these tests write and
    // remove files in the packages, which `turbo prune` would be copying.
    const workspace = copyOfWorkspaceManifests();
    const out = mkdtempSync(join(tmpdir(), 'publishing-prune-'));
    try {
      execFileSync(
        process.execPath,
        [
          require.resolve('turbo/bin/turbo', { paths: [ROOT] }),
          'prune',
          '@publishing/api',
          '--docker',
          '--out-dir',
          out,
        ],
        { cwd: workspace, env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' }, stdio: 'pipe' },
      );
      const pruned = JSON.parse(readFileSync(join(out, 'json/package.json'), 'utf8')) as {
        version?: string;
      };
      expect(pruned.version).toBe(ROOT_PACKAGE.version);
      expect(ROOT_PACKAGE.version).not.toBe('0.0.0');
    } finally {
      rmSync(out, { recursive: true, force: true });
      rmSync(workspace, { recursive: true, force: true });
    }
  });
});
