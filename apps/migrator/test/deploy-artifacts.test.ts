/**
 * The deploy story's files, checked without a Docker engine or a cluster: docker-compose.yml
 * through `docker-compose config`, the Dockerfiles by reading them (every path they copy exists
 * and is in the build context, production stages, non-root user, no Prisma CLI in the migrator),
 * the Kubernetes manifests and the workflows by their text.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../../..');
const read = (path: string): string => readFileSync(join(ROOT, path), 'utf8');

// ---------------------------------------------------------------------------------------------
// docker-compose.yml

interface ComposeService {
  image?: string;
  command?: string[] | string;
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition?: string }>;
  healthcheck?: { test?: string[] | string };
  volumes?: string[];
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
  it('is valid with the .env.example values: postgres (healthy) → migrator deploy (exit 0) → api (ready)', () => {
    const { services, volumes } = composeConfig(join(ROOT, '.env.example'));
    const { postgres, migrator, api } = services;

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
  });

  it('is valid with no .env at all (a fresh clone: `docker compose up`)', () => {
    const directory = mkdtempSync(join(tmpdir(), 'compose-env-'));
    try {
      const empty = join(directory, 'empty.env');
      writeFileSync(empty, '');
      const { services } = composeConfig(empty);
      expect(services.api?.environment?.SIGNING_SECRET?.length).toBeGreaterThanOrEqual(32);
      expect(services.migrator?.environment?.DATABASE_URL).toContain('@postgres:5432/');
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it('documents in .env.example every variable it interpolates and every one the apps read', () => {
    const documented = envFileKeys(read('.env.example'));
    const interpolated = [...read('docker-compose.yml').matchAll(/\$\{([A-Z][A-Z0-9_]*)/g)].map(
      (match) => match[1]!,
    );
    // The API's zod schema keys and the migrator's env.X reads: adding a variable without
    // documenting it fails here.
    const apiConfig = read('apps/api/src/config/app-config.ts');
    const apiKeys = [...apiConfig.matchAll(/^\s+([A-Z][A-Z0-9_]+): z\b/gm)].map((m) => m[1]!);
    const migratorConfig = read('apps/migrator/src/config/migrator-config.ts');
    const migratorKeys = [...migratorConfig.matchAll(/\benv\.([A-Z][A-Z0-9_]+)/g)].map(
      (m) => m[1]!,
    );
    expect(apiKeys.length, 'API config keys found').toBeGreaterThan(5);
    expect(migratorKeys.length, 'migrator config keys found').toBeGreaterThan(5);

    const missing = [...interpolated, ...apiKeys, ...migratorKeys].filter(
      (key) => !documented.has(key),
    );
    expect(missing, 'add them to .env.example, with a comment').toEqual([]);
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

const IMAGES = [
  { dockerfile: 'apps/api/Dockerfile', packageDir: 'apps/api', run: /apps\/api\/dist\/main\.js/ },
  {
    dockerfile: 'apps/migrator/Dockerfile',
    packageDir: 'apps/migrator',
    run: /apps\/migrator\/bin\/migrate\.cjs/,
  },
];

describe.each(IMAGES)('$dockerfile', ({ dockerfile, packageDir, run }) => {
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

  it('runs as a non-root user, and ships production dependencies and prisma/migrations', () => {
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
    expect(migrationsCopied, 'prisma/migrations in the image').toBe(true);

    const start = final.instructions
      .filter((i) => i.keyword === 'ENTRYPOINT' || i.keyword === 'CMD')
      .map((i) => i.args)
      .join(' ');
    expect(start).toMatch(run);
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

  it('uses the image names the deploy workflow substitutes', () => {
    const workflow = read('.github/workflows/deploy-environment.yml');
    for (const [manifest, image] of [
      ['deploy/k8s/migrate-job.yaml', 'publishing-migrator'],
      ['deploy/k8s/api.yaml', 'publishing-api'],
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

  it('migrates in an environment-gated job before rolling out the API', () => {
    const deploy = read('.github/workflows/deploy-environment.yml');
    expect(deploy).toMatch(/^\s+environment: \$\{\{ inputs\.environment \}\}/m);
    const migrate = deploy.indexOf('deploy/k8s/migrate-job.yaml');
    const rollout = deploy.indexOf('deploy/k8s/api.yaml');
    expect(migrate).toBeGreaterThan(0);
    expect(rollout).toBeGreaterThan(migrate);
    expect(deploy).toContain('rollout status deployment/publishing-api');
  });

  it('never pushes the schema or resets a database outside the migration history', () => {
    const files = [
      'docker-compose.yml',
      'apps/api/Dockerfile',
      'apps/migrator/Dockerfile',
      'deploy/k8s/migrate-job.yaml',
      'deploy/k8s/api.yaml',
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
