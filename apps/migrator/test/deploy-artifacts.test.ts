/**
 * The deploy story's files, checked without a Docker engine or a cluster: docker-compose.yml
 * through `docker-compose config`, the Dockerfiles by reading them (every path they copy exists
 * and is in the build context, production stages, non-root user, no Prisma CLI in the migrator,
 * every workspace package the app depends on shipped built), the Kubernetes manifests and the
 * workflows by their text. Three images: the migrator, the API and the delivery worker.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../../..');
const read = (path: string): string => readFileSync(join(ROOT, path), 'utf8');

/**
 * The environment variables an app's configuration module reads: its zod schema's keys (the only
 * upper-case property names there), whatever their validator (`z.…`, `databaseUrl`, `wholeNumber(…)`).
 */
const schemaKeys = (path: string): string[] =>
  [...read(path).matchAll(/^\s+([A-Z][A-Z0-9_]+):\s+\S/gm)].map((m) => m[1]!);
const workerKeys = (): string[] => schemaKeys('apps/worker/src/config/worker-config.ts');

/** `30s`, `1m30s`, `60` (docker-compose's durations) in seconds. */
function seconds(duration: string | number | undefined): number {
  if (typeof duration === 'number') return duration;
  let total = 0;
  for (const [, value, unit] of (duration ?? '').matchAll(/(\d+(?:\.\d+)?)(h|m|s|ms|us)?/g))
    total += Number(value) * { h: 3600, m: 60, s: 1, ms: 1e-3, us: 1e-6 }[unit ?? 's']!;
  return total;
}

// ---------------------------------------------------------------------------------------------
// docker-compose.yml

interface ComposeService {
  image?: string;
  command?: string[] | string;
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition?: string }>;
  healthcheck?: { test?: string[] | string };
  volumes?: string[];
  stop_grace_period?: string | number;
  restart?: string;
}
interface ComposeConfig {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

const INSTALL_DOCKER_COMPOSE =
  'docker-compose is not installed, and this test validates docker-compose.yml with it. Install ' +
  "Debian's package: `apt-get install -y docker-compose` (.ci/run and the CI workflow do).";

/** `docker-compose config`, normalized, as JSON (through the PyYAML docker-compose runs on). */
function composeConfig(envFile: string): ComposeConfig {
  const probe = spawnSync('docker-compose', ['version', '--short'], { encoding: 'utf8' });
  if (probe.error) throw new Error(INSTALL_DOCKER_COMPOSE);
  // Only PATH and HOME: the caller's NODE_ENV, DATABASE_URL, … must not leak into interpolation.
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? tmpdir() };
  const config = spawnSync(
    'docker-compose',
    ['--env-file', envFile, '-f', join(ROOT, 'docker-compose.yml'), 'config'],
    { cwd: ROOT, env, encoding: 'utf8' },
  );
  if (config.status !== 0)
    throw new Error(`docker-compose config failed (${config.status}):\n${config.stderr}`);
  const python = pythonOfDockerCompose();
  const converted = spawnSync(
    python,
    ['-c', 'import json, sys, yaml; json.dump(yaml.safe_load(sys.stdin), sys.stdout)'],
    { input: config.stdout, encoding: 'utf8' },
  );
  if (converted.status !== 0)
    throw new Error(`could not read docker-compose config's output:\n${converted.stderr}`);
  return JSON.parse(converted.stdout) as ComposeConfig;
}

/** The interpreter of the docker-compose script (Debian's is Python with PyYAML), else python3. */
function pythonOfDockerCompose(): string {
  const which = spawnSync('sh', ['-c', 'command -v docker-compose'], { encoding: 'utf8' });
  const script = which.stdout.trim();
  try {
    const shebang = /^#!\s*(\S*python\S*)/.exec(readFileSync(script, 'utf8').slice(0, 200));
    if (shebang?.[1]) return shebang[1];
  } catch {
    // a binary docker-compose: fall through
  }
  return 'python3';
}

const commandOf = (service: ComposeService): string =>
  Array.isArray(service.command) ? service.command.join(' ') : (service.command ?? '');
const testOf = (service: ComposeService): string =>
  Array.isArray(service.healthcheck?.test)
    ? service.healthcheck.test.join(' ')
    : (service.healthcheck?.test ?? '');

/** `KEY=value` lines of an env file, commented-out `# KEY=` ones included (documented, unset). */
function envFileKeys(text: string): Set<string> {
  return new Set([...text.matchAll(/^#?\s*([A-Z][A-Z0-9_]*)=/gm)].map((match) => match[1]!));
}

describe('docker-compose.yml', () => {
  it('is valid with the .env.example values: postgres (healthy) → migrator deploy (exit 0) → api (ready), worker', () => {
    const { services, volumes } = composeConfig(join(ROOT, '.env.example'));
    const { postgres, migrator, api, worker } = services;

    expect(postgres?.image).toMatch(/^postgres:17\b/);
    expect(testOf(postgres!)).toContain('pg_isready');
    const dataVolume = postgres?.volumes?.find((volume) =>
      volume.includes(':/var/lib/postgresql/data'),
    );
    expect(dataVolume, 'PostgreSQL data on a named volume').toBeDefined();
    expect(Object.keys(volumes ?? {})).toContain(dataVolume!.split(':')[0]);

    expect(migrator?.depends_on?.postgres?.condition).toBe('service_healthy');
    expect(commandOf(migrator!)).toMatch(/^(node \S*migrate\.cjs )?deploy$/);
    expect(migrator?.environment?.DATABASE_URL).toMatch(/^postgresql:\/\/[^?]*@postgres:5432\//);

    expect(api?.depends_on?.migrator?.condition).toBe('service_completed_successfully');
    expect(testOf(api!)).toContain('/health/ready');
    expect(api?.environment?.DATABASE_URL).toBeDefined();

    // The worker starts after the migration like the API, not after the API (it only links to it).
    expect(worker, 'a worker service').toBeDefined();
    expect(worker?.depends_on?.migrator?.condition).toBe('service_completed_successfully');
    expect(worker?.depends_on?.postgres?.condition).toBe('service_healthy');
    expect(worker?.depends_on?.api).toBeUndefined();
    expect(worker?.environment?.DATABASE_URL).toMatch(/^postgresql:\/\/[^?]*@postgres:5432\//);
    expect(worker?.environment?.API_BASE_URL).toBe(api?.environment?.API_BASE_URL);
    expect(worker?.restart).toBe('unless-stopped');
    // No healthcheck: the worker has no endpoint to check (it listens on nothing).
    expect(read('apps/worker/src/main.ts')).not.toMatch(/\bcreateServer\b|\.listen\(/);
    expect(worker?.healthcheck).toBeUndefined();
    // WORKER_ID is per process (<hostname>-<pid>): one value for every replica would be wrong.
    expect(Object.keys(worker?.environment ?? {})).not.toContain('WORKER_ID');
    // Every variable it is given is one it reads (a misspelt one would be silently ignored).
    const reads = new Set(workerKeys());
    expect(Object.keys(worker?.environment ?? {}).filter((key) => !reads.has(key))).toEqual([]);
    // Stopping: SIGTERM, then SIGKILL after stop_grace_period (10 s by default), which must leave
    // the graceful stop its WORKER_SHUTDOWN_TIMEOUT_MS and the final writes.
    const shutdownSeconds = Number(worker?.environment?.WORKER_SHUTDOWN_TIMEOUT_MS) / 1000;
    expect(shutdownSeconds).toBeGreaterThan(0);
    expect(seconds(worker?.stop_grace_period)).toBeGreaterThan(shutdownSeconds);
  });

  it('is valid with no .env at all (a fresh clone: `docker compose up`)', () => {
    const directory = mkdtempSync(join(tmpdir(), 'compose-env-'));
    try {
      const empty = join(directory, 'empty.env');
      writeFileSync(empty, '');
      const { services } = composeConfig(empty);
      expect(services.api?.environment?.SIGNING_SECRET?.length).toBeGreaterThanOrEqual(32);
      expect(services.migrator?.environment?.DATABASE_URL).toContain('@postgres:5432/');
      // The worker signs the links and unsubscribe tokens that the API verifies.
      expect(services.worker?.environment?.SIGNING_SECRET).toBe(
        services.api?.environment?.SIGNING_SECRET,
      );
      expect(services.worker?.environment?.DATABASE_URL).toBe(
        services.api?.environment?.DATABASE_URL,
      );
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it('documents in .env.example every variable it interpolates and every one the apps read', () => {
    const documented = envFileKeys(read('.env.example'));
    const interpolated = [...read('docker-compose.yml').matchAll(/\$\{([A-Z][A-Z0-9_]*)/g)].map(
      (match) => match[1]!,
    );
    // The API's and the worker's zod schema keys and the migrator's env.X reads: adding a
    // variable without documenting it fails here.
    const apiKeys = schemaKeys('apps/api/src/config/app-config.ts');
    const migratorConfig = read('apps/migrator/src/config/migrator-config.ts');
    const migratorKeys = [...migratorConfig.matchAll(/\benv\.([A-Z][A-Z0-9_]+)/g)].map(
      (m) => m[1]!,
    );
    expect(apiKeys.length, 'API config keys found').toBeGreaterThan(5);
    expect(migratorKeys.length, 'migrator config keys found').toBeGreaterThan(5);
    expect(workerKeys().length, 'worker config keys found').toBeGreaterThan(10);
    expect(workerKeys()).toEqual(expect.arrayContaining(['DATABASE_URL', 'WORKER_CONCURRENCY']));

    const missing = [...interpolated, ...apiKeys, ...migratorKeys, ...workerKeys()].filter(
      (key) => !documented.has(key),
    );
    expect(missing, 'add them to .env.example, with a comment').toEqual([]);
  });

  it("reads the worker's environment in its configuration module only", () => {
    // What the worker reads outside worker-config.ts would escape the check above.
    const sources = (directory: string): string[] =>
      readdirSync(join(ROOT, directory), { withFileTypes: true }).flatMap((entry) =>
        entry.isDirectory()
          ? sources(`${directory}/${entry.name}`)
          : /(?<!\.spec)\.ts$/.test(entry.name)
            ? [`${directory}/${entry.name}`]
            : [],
      );
    const outside = sources('apps/worker/src')
      .filter((file) => !file.includes('/bench/') && !file.endsWith('/worker-config.ts'))
      .filter((file) => /\bprocess\.env\b/.test(read(file)));
    expect(outside).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// Dockerfiles

interface Instruction {
  keyword: string;
  args: string;
  line: number;
}
interface Stage {
  from: string;
  name?: string;
  instructions: Instruction[];
}

/** Instructions (continuations joined, comments dropped) grouped by stage, plus the global ARGs. */
function parseDockerfile(text: string): { args: Map<string, string>; stages: Stage[] } {
  const instructions: Instruction[] = [];
  let pending = '';
  let start = 0;
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (pending === '' && (line === '' || line.startsWith('#'))) return;
    if (line.startsWith('#')) return; // a comment inside a continued instruction
    if (pending === '') start = index + 1;
    pending += `${line.replace(/\\$/, '')} `;
    if (line.endsWith('\\')) return;
    const [keyword = '', ...rest] = pending.trim().split(/\s+/);
    instructions.push({ keyword: keyword.toUpperCase(), args: rest.join(' '), line: start });
    pending = '';
  });

  const args = new Map<string, string>();
  const stages: Stage[] = [];
  for (const instruction of instructions) {
    if (instruction.keyword === 'FROM') {
      const [from = '', , name] = instruction.args.split(/\s+/);
      stages.push({ from, name, instructions: [] });
    } else if (stages.length === 0 && instruction.keyword === 'ARG') {
      const [key = '', value = ''] = instruction.args.split('=');
      args.set(key, value);
    } else {
      stages.at(-1)?.instructions.push(instruction);
    }
  }
  return { args, stages };
}

/** Sources of a COPY/ADD from the build context (not `--from=` a stage or an image). */
function contextSources(instruction: Instruction): string[] {
  const words = instruction.args.trim().startsWith('[')
    ? (JSON.parse(instruction.args) as string[])
    : instruction.args.split(/\s+/).filter(Boolean);
  if (words.some((word) => word.startsWith('--from='))) return [];
  const paths = words.filter((word) => !word.startsWith('--'));
  return paths.slice(0, -1);
}

/** Whether .dockerignore keeps `path` out of the build context (last matching pattern wins). */
function dockerignored(path: string, patterns: string[]): boolean {
  const clean = path.replace(/^\.\//, '').replace(/\/$/, '');
  const prefixes = clean.split('/').map((_, index, parts) => parts.slice(0, index + 1).join('/'));
  let ignored = false;
  for (const raw of patterns) {
    const negated = raw.startsWith('!');
    const pattern = (negated ? raw.slice(1) : raw).replace(/^\//, '').replace(/\/$/, '');
    const regex = new RegExp(
      `^${pattern
        .split('**/')
        .map((part) => part.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*'))
        .join('(?:.*/)?')}$`,
    );
    if (prefixes.some((prefix) => regex.test(prefix))) ignored = !negated;
  }
  return ignored;
}

const DOCKERIGNORE = read('.dockerignore')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line !== '' && !line.startsWith('#'));
const ROOT_PACKAGE = JSON.parse(read('package.json')) as {
  packageManager: string;
  devDependencies: Record<string, string>;
};

/**
 * `run`: the start command; `loads`: the production stage's build-time check that the compiled
 * app loads; `migrations`: whether the app reads prisma/migrations (the worker does not).
 */
const IMAGES = [
  {
    dockerfile: 'apps/api/Dockerfile',
    packageDir: 'apps/api',
    run: /apps\/api\/dist\/main\.js/,
    loads: /\bnode -e "require\('\.\/apps\/api\/dist\/app\.module\.js'\)"/,
    migrations: true,
  },
  {
    dockerfile: 'apps/migrator/Dockerfile',
    packageDir: 'apps/migrator',
    run: /apps\/migrator\/bin\/migrate\.cjs/,
    loads: /\bnode apps\/migrator\/bin\/migrate\.cjs --help\b/,
    migrations: true,
  },
  {
    dockerfile: 'apps/worker/Dockerfile',
    packageDir: 'apps/worker',
    run: /apps\/worker\/dist\/main\.js/,
    loads: /\bnode apps\/worker\/dist\/main\.js\b/,
    migrations: false,
  },
];

/** Workspace package directories by package name (apps/* and packages/*). */
const WORKSPACE = new Map(
  ['apps', 'packages'].flatMap((parent) =>
    readdirSync(join(ROOT, parent), { withFileTypes: true })
      .filter(
        (entry) =>
          entry.isDirectory() && existsSync(join(ROOT, parent, entry.name, 'package.json')),
      )
      .map((entry) => {
        const dir = `${parent}/${entry.name}`;
        return [(JSON.parse(read(`${dir}/package.json`)) as { name: string }).name, dir] as const;
      }),
  ),
);

/** The workspace packages `packageDir` needs at run time (its `workspace:` dependencies, transitively). */
function workspaceDependencies(packageDir: string, seen = new Set<string>()): Set<string> {
  const { dependencies = {} } = JSON.parse(read(`${packageDir}/package.json`)) as {
    dependencies?: Record<string, string>;
  };
  for (const [name, version] of Object.entries(dependencies)) {
    const dir = WORKSPACE.get(name);
    if (!version.startsWith('workspace:') || dir === undefined || seen.has(dir)) continue;
    seen.add(dir);
    workspaceDependencies(dir, seen);
  }
  return seen;
}

describe.each(IMAGES)('$dockerfile', ({ dockerfile, packageDir, run, loads, migrations }) => {
  const { args, stages } = parseDockerfile(read(dockerfile));
  const final = stages.at(-1)!;
  const stageNamed = (name: string): Stage | undefined =>
    stages.find((stage) => stage.name === name);
  /** The stages whose files the final stage copies (`COPY --from=<stage>`). */
  const copiedIntoFinal = final.instructions
    .filter((instruction) => instruction.keyword === 'COPY')
    .map((instruction) => /--from=(\S+)/.exec(instruction.args)?.[1])
    .map((name) => (name ? stageNamed(name) : undefined))
    .filter((stage): stage is Stage => stage !== undefined);

  it('copies only paths that exist in the repository and are in the build context', () => {
    const sources = stages.flatMap((stage) =>
      stage.instructions
        .filter((instruction) => instruction.keyword === 'COPY' || instruction.keyword === 'ADD')
        .flatMap(contextSources),
    );
    expect(sources.length).toBeGreaterThan(0);
    for (const source of sources) {
      expect(existsSync(join(ROOT, source)), `${dockerfile} copies ${source}`).toBe(true);
      if (source !== '.')
        expect(dockerignored(source, DOCKERIGNORE), `.dockerignore excludes ${source}`).toBe(false);
    }
  });

  it('is multi-stage on Node 20 slim/alpine, pnpm and turbo pinned to the repository versions', () => {
    expect(stages.length).toBeGreaterThan(2);
    const base = (image: string) =>
      image.replace(/^\$\{?(\w+)\}?$/, (_, key: string) => args.get(key) ?? '');
    for (const stage of stages.filter((stage) => !stageNamed(stage.from)))
      expect(base(stage.from)).toMatch(/^node:20[\w.-]*(slim|alpine)/);

    const text = read(dockerfile);
    expect(`pnpm@${/PNPM_VERSION=(\S+)/.exec(text)?.[1]}`).toBe(ROOT_PACKAGE.packageManager);
    expect(/TURBO_VERSION=(\S+)/.exec(text)?.[1]).toBe(ROOT_PACKAGE.devDependencies.turbo);
    const packageName = (JSON.parse(read(`${packageDir}/package.json`)) as { name: string }).name;
    expect(text).toContain(`turbo prune ${packageName} --docker`);
    expect(text).toContain(`--filter=${packageName}`);
  });

  it(`runs as a non-root user, and ships production dependencies${migrations ? ' and prisma/migrations' : ', no prisma/'}`, () => {
    const user = final.instructions.filter((instruction) => instruction.keyword === 'USER').at(-1);
    expect(user, 'a USER in the final stage').toBeDefined();
    expect(user!.args).not.toMatch(/^(root|0)(:|$)/);

    // The final stage installs nothing itself: everything comes from production stages.
    for (const instruction of final.instructions.filter((i) => i.keyword === 'RUN'))
      expect(instruction.args, `line ${instruction.line}`).not.toMatch(/\b(npm|pnpm|yarn|npx)\b/);
    expect(copiedIntoFinal.length).toBeGreaterThan(0);
    for (const stage of copiedIntoFinal) {
      const installs = stage.instructions.filter((i) => /\bpnpm install\b/.test(i.args));
      expect(installs.length).toBeGreaterThan(0);
      for (const install of installs) {
        expect(install.args).toContain('--prod');
        // Without it the lockfile's optional peer `prisma` of @prisma/client comes along.
        expect(install.args).toContain('--no-optional');
      }
    }
    const migrationsCopied = [final, ...copiedIntoFinal].some((stage) =>
      stage.instructions.some(
        (i) => i.keyword === 'COPY' && contextSources(i).includes('prisma/migrations'),
      ),
    );
    expect(migrationsCopied, 'prisma/migrations in the image').toBe(migrations);
    if (!migrations) {
      // Nothing of prisma/ at all, and the app indeed reads no history.
      const prismaCopied = [final, ...copiedIntoFinal].some((stage) =>
        stage.instructions.some(
          (i) =>
            i.keyword === 'COPY' && contextSources(i).some((source) => source.startsWith('prisma')),
        ),
      );
      expect(prismaCopied, 'prisma/ in the image').toBe(false);
      expect(read(`${packageDir}/src/main.ts`)).not.toMatch(
        /MIGRATIONS_DIR|prisma\/migrations|\/history'/,
      );
    }

    const start = final.instructions
      .filter((i) => i.keyword === 'ENTRYPOINT' || i.keyword === 'CMD')
      .map((i) => i.args)
      .join(' ');
    expect(start).toMatch(run);
  });

  it('ships the build output of every workspace package the app depends on', () => {
    const production = copiedIntoFinal.find((stage) =>
      stage.instructions.some((i) => /\bpnpm install\b/.test(i.args)),
    )!;
    const copies = production.instructions
      .filter((i) => i.keyword === 'COPY' && /--from=builder\b/.test(i.args))
      .map((i) => i.args);
    const builder = stageNamed('builder');
    // Either `COPY --from=builder /app/packages/X/dist …` per package, or every built package of
    // the pruned tree gathered into /out in the builder and copied at once.
    const gathersAll =
      (builder?.instructions.some(
        (i) => i.keyword === 'RUN' && i.args.includes('packages/*/dist'),
      ) ??
        false) &&
      copies.some((args) => /\/out\/packages\/? /.test(args));
    const dependencies = [...workspaceDependencies(packageDir)];
    expect(dependencies, 'workspace dependencies').toContain('packages/db');
    for (const dir of [packageDir, ...dependencies]) {
      const shipped =
        copies.some((args) => args.includes(`/app/${dir}/dist `)) ||
        (gathersAll && dir.startsWith('packages/'));
      expect(shipped, `${dir}/dist in ${dockerfile}`).toBe(true);
    }
  });

  it('fails the build when the compiled app does not load', () => {
    const production = copiedIntoFinal.find((stage) =>
      stage.instructions.some((i) => /\bpnpm install\b/.test(i.args)),
    )!;
    const checks = production.instructions.filter((i) => i.keyword === 'RUN' && loads.test(i.args));
    expect(checks.length, `a RUN in the production stage matching ${loads}`).toBe(1);
    // After the build output is in place.
    const lastCopy = production.instructions.filter((i) => i.keyword === 'COPY').at(-1)!;
    expect(checks[0]!.line).toBeGreaterThan(lastCopy.line);
  });
});

describe('apps/migrator/Dockerfile', () => {
  const { stages } = parseDockerfile(read('apps/migrator/Dockerfile'));
  const final = stages.at(-1)!;

  it('final stage installs no Prisma CLI and runs `deploy` by default', () => {
    const finalText = final.instructions.map((i) => `${i.keyword} ${i.args}`).join('\n');
    expect(finalText).not.toMatch(/\b(npm|pnpm|yarn)\b[^\n]*\b(install|add|i)\b[^\n]*\bprisma\b/);
    expect(finalText).not.toMatch(/\b(npx|pnpx|pnpm exec|pnpm dlx)\s+prisma\b/);
    expect(finalText).not.toMatch(/\bprisma\s+(generate|migrate|db)\b/);
    const cmd = final.instructions.filter((i) => i.keyword === 'CMD').at(-1);
    expect(cmd?.args).toBe('["deploy"]');
  });

  it('copies schema.prisma and the migrations into the image', () => {
    const sources = stages.flatMap((stage) =>
      stage.instructions.filter((i) => i.keyword === 'COPY').flatMap(contextSources),
    );
    expect(sources).toEqual(expect.arrayContaining(['prisma/migrations', 'prisma/schema.prisma']));
  });
});

describe('apps/worker/Dockerfile', () => {
  const { stages } = parseDockerfile(read('apps/worker/Dockerfile'));
  const final = stages.at(-1)!;

  it('checks at build time that main.js loads every module, in an empty environment', () => {
    // An empty environment makes main.js stop at configuration validation (exit 2) once every
    // module is loaded, before any database connection; a module that fails to load exits 1.
    const check = stages
      .flatMap((stage) => stage.instructions)
      .find((i) => i.keyword === 'RUN' && i.args.includes('node apps/worker/dist/main.js'));
    expect(check?.args).toMatch(/\benv -i\b/);
    expect(check?.args).toMatch(/-ne 2\b/);
    expect(check?.args).toContain('Invalid worker configuration');
    expect(read('apps/worker/src/main.ts')).toMatch(/ConfigError[\s\S]*return 2;/);
    expect(read('apps/worker/src/config/worker-config.ts')).toContain(
      'Invalid worker configuration',
    );
  });

  it('exposes no port and sets no database or secret in the image', () => {
    expect(final.instructions.filter((i) => i.keyword === 'EXPOSE')).toEqual([]);
    const env = final.instructions
      .filter((i) => i.keyword === 'ENV')
      .map((i) => i.args)
      .join(' ');
    expect(env).not.toMatch(/DATABASE_URL|SIGNING_SECRET|WORKER_ID/);
  });
});

// ---------------------------------------------------------------------------------------------
// Kubernetes manifests (no YAML parser resolves from apps/migrator: read by indentation)

/** The lines nested under the first `key:` line matching `keyPattern` (deeper indentation). */
function block(text: string, keyPattern: RegExp): string {
  const lines = text.split('\n');
  const start = lines.findIndex((line) => keyPattern.test(line));
  if (start < 0) return '';
  const indent = (line: string) => line.length - line.trimStart().length;
  const own = indent(lines[start]!);
  const nested: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.trim() === '' || line.trim().startsWith('#')) continue;
    if (indent(line) <= own) break;
    nested.push(line);
  }
  return nested.join('\n');
}
const documents = (text: string): string[] => text.split(/^---\s*$/m);
const documentOfKind = (text: string, kind: string): string =>
  documents(text).find((document) => new RegExp(`^kind:\\s*${kind}\\s*$`, 'm').test(document)) ??
  '';
const scalar = (text: string, key: string): string | undefined =>
  new RegExp(`^\\s*${key}:\\s*['"]?([^'"\\s#]+)`, 'm').exec(text)?.[1];

describe('deploy/k8s', () => {
  const job = documentOfKind(read('deploy/k8s/migrate-job.yaml'), 'Job');
  const api = read('deploy/k8s/api.yaml');
  const deployment = documentOfKind(api, 'Deployment');

  it('runs the migrator as a bounded Job: deploy, backoffLimit, activeDeadlineSeconds, direct URL', () => {
    expect(job).not.toBe('');
    expect(Number(scalar(job, 'backoffLimit'))).toBeGreaterThanOrEqual(0);
    expect(Number(scalar(job, 'backoffLimit'))).toBeLessThanOrEqual(3);
    expect(Number(scalar(job, 'activeDeadlineSeconds'))).toBeGreaterThan(0);
    expect(scalar(job, 'restartPolicy')).toBe('Never');
    expect(block(job, /^\s+args:/) + (/^\s+args:\s*(.*)$/m.exec(job)?.[1] ?? '')).toContain(
      'deploy',
    );

    const databaseUrl = block(job, /- name: DATABASE_URL\s*$/);
    expect(databaseUrl).toMatch(/secretKeyRef:/);
    const key = scalar(databaseUrl, 'key')!;
    const secret = read('deploy/k8s/secret.example.yaml');
    const example = new RegExp(`^\\s*${key}:\\s*(\\S+)`, 'm').exec(secret)?.[1] ?? '';
    expect(example, `${key} in secret.example.yaml`).toMatch(/^postgresql:\/\//);
    expect(example).not.toMatch(/pgbouncer=true|:6432\b|pooler/);
  });

  it('gates the API on /health/ready, keeps it alive on /health/live, with an allowed Host', () => {
    expect(deployment).not.toBe('');
    expect(scalar(block(deployment, /^\s+readinessProbe:/), 'path')).toBe('/health/ready');
    expect(scalar(block(deployment, /^\s+livenessProbe:/), 'path')).toBe('/health/live');
    expect(scalar(block(deployment, /^\s+rollingUpdate:/), 'maxUnavailable')).toBe('0');

    const allowedHosts = scalar(read('deploy/k8s/config.yaml'), 'ALLOWED_HOSTS');
    const hosts = [...deployment.matchAll(/- name: Host\s*\n\s*value:\s*(\S+)/g)].map((m) => m[1]);
    expect(hosts.length).toBeGreaterThanOrEqual(2);
    for (const host of hosts) expect(allowedHosts?.split(',')).toContain(host);
  });

  it('runs 2 worker replicas with a grace period longer than their graceful stop', () => {
    const worker = documentOfKind(read('deploy/k8s/worker.yaml'), 'Deployment');
    const config = read('deploy/k8s/config.yaml');
    expect(worker).not.toBe('');
    // Safe to scale (SKIP LOCKED claims, leases): more than one.
    expect(scalar(worker, 'replicas')).toBe('2');
    const shutdownMs = Number(scalar(config, 'WORKER_SHUTDOWN_TIMEOUT_MS'));
    expect(shutdownMs).toBeGreaterThan(0);
    expect(Number(scalar(worker, 'terminationGracePeriodSeconds'))).toBeGreaterThan(
      shutdownMs / 1000 + 10,
    );
    // Its WORKER_* settings are ones it reads, and respect its own constraint (lease ≥ 2 × send).
    const reads = new Set(workerKeys());
    const workerSettings = [...config.matchAll(/^\s+(WORKER_[A-Z0-9_]+):/gm)].map((m) => m[1]!);
    expect(workerSettings.length).toBeGreaterThan(5);
    expect(workerSettings.filter((key) => !reads.has(key))).toEqual([]);
    expect(workerSettings).not.toContain('WORKER_ID');
    expect(Number(scalar(config, 'WORKER_LEASE_SECONDS')) * 1000).toBeGreaterThanOrEqual(
      2 * Number(scalar(config, 'WORKER_SEND_TIMEOUT_MS')),
    );

    // The same ConfigMap and Secret as the API; its own database key, the API's signing secret.
    const configMap = (text: string) => scalar(block(text, /^\s+- configMapRef:/), 'name');
    expect(configMap(worker)).toBe(configMap(deployment));
    expect(configMap(worker)).toBe(scalar(config, 'name'));
    const secretRef = (text: string, variable: string) =>
      block(text, new RegExp(`- name: ${variable}\\s*$`));
    const secret = read('deploy/k8s/secret.example.yaml');
    const databaseKey = scalar(secretRef(worker, 'DATABASE_URL'), 'key')!;
    expect(scalar(secretRef(worker, 'DATABASE_URL'), 'name')).toBe(
      scalar(secretRef(deployment, 'DATABASE_URL'), 'name'),
    );
    expect(databaseKey).not.toBe(scalar(secretRef(deployment, 'DATABASE_URL'), 'key'));
    expect(new RegExp(`^\\s*${databaseKey}:\\s*postgresql://`, 'm').test(secret)).toBe(true);
    expect(scalar(secretRef(worker, 'SIGNING_SECRET'), 'key')).toBe(
      scalar(secretRef(deployment, 'SIGNING_SECRET'), 'key'),
    );

    // Non-root, bounded, and no probes: the worker has no endpoint to probe.
    expect(scalar(worker, 'runAsNonRoot')).toBe('true');
    expect(scalar(block(worker, /^\s+requests:/), 'memory')).toBeDefined();
    expect(scalar(block(worker, /^\s+limits:/), 'memory')).toBeDefined();
    expect(worker).not.toMatch(/^\s+(readiness|liveness|startup)Probe:/m);
    expect(worker).not.toMatch(/^\s+ports:/m);
  });

  it('uses the image names the deploy workflow substitutes', () => {
    const workflow = read('.github/workflows/deploy-environment.yml');
    for (const [manifest, image] of [
      ['deploy/k8s/migrate-job.yaml', 'publishing-migrator'],
      ['deploy/k8s/api.yaml', 'publishing-api'],
      ['deploy/k8s/worker.yaml', 'publishing-worker'],
    ] as const) {
      const placeholder = new RegExp(`image: (\\S+/${image}):`).exec(read(manifest))?.[1];
      expect(placeholder, `${manifest} image`).toBeDefined();
      expect(workflow).toContain(`s|image: ${placeholder}:.*|`);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Workflows and the whole set

describe('pipelines', () => {
  it('gates pull requests on install, lint, typecheck, test and `pnpm migrate check`', () => {
    const ci = read('.github/workflows/ci.yml');
    expect(ci).toMatch(/^on:\s*\n\s+pull_request:/m);
    for (const step of [
      'pnpm install --frozen-lockfile',
      'pnpm lint',
      'pnpm typecheck',
      'pnpm test',
      'pnpm migrate check',
    ])
      expect(ci).toContain(`run: ${step}`);
  });

  it('migrates in an environment-gated job before rolling out the API, then the worker', () => {
    const deploy = read('.github/workflows/deploy-environment.yml');
    expect(deploy).toMatch(/^\s+environment: \$\{\{ inputs\.environment \}\}/m);
    const migrate = deploy.indexOf('deploy/k8s/migrate-job.yaml');
    const rollout = deploy.indexOf('deploy/k8s/api.yaml');
    const worker = deploy.indexOf('deploy/k8s/worker.yaml');
    expect(migrate).toBeGreaterThan(0);
    expect(rollout).toBeGreaterThan(migrate);
    expect(worker).toBeGreaterThan(rollout);
    expect(deploy).toContain('rollout status deployment/publishing-api');
    expect(deploy).toContain('rollout status deployment/publishing-worker');
    expect(deploy).toMatch(/^\s+worker-image:\s*$/m);
  });

  it('builds every image in CI and in the release, and hands each to the deploy', () => {
    const ci = read('.github/workflows/ci.yml');
    const release = read('.github/workflows/deploy.yml');
    for (const { dockerfile } of IMAGES) {
      expect(ci, `ci.yml lints ${dockerfile}`).toContain(`dockerfile: ${dockerfile}`);
      expect(ci, `ci.yml builds ${dockerfile}`).toContain(`file: ${dockerfile}`);
      expect(release, `deploy.yml builds ${dockerfile}`).toContain(`file: ${dockerfile}`);
    }
    for (const image of ['migrator', 'api', 'worker'])
      expect(
        release.match(
          new RegExp(
            `^\\s+${image}-image: \\$\\{\\{ needs\\.images\\.outputs\\.${image} \\}\\}`,
            'gm',
          ),
        )?.length,
        `${image}-image for both environments`,
      ).toBe(2);
  });

  it('never pushes the schema or resets a database outside the migration history', () => {
    const files = [
      'docker-compose.yml',
      'apps/api/Dockerfile',
      'apps/migrator/Dockerfile',
      'apps/worker/Dockerfile',
      'deploy/k8s/migrate-job.yaml',
      'deploy/k8s/api.yaml',
      'deploy/k8s/worker.yaml',
      '.github/workflows/ci.yml',
      '.github/workflows/deploy.yml',
      '.github/workflows/deploy-environment.yml',
    ];
    for (const file of files) {
      const text = read(file);
      expect(text, file).not.toMatch(/\bdb\s+push\b|--accept-data-loss|\bmigrate\s+reset\b/);
      expect(text, file).not.toMatch(/\breset\s+--force\b/);
    }
  });
});
