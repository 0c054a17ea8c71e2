/**
 * docker-compose.yml as `docker compose` loads it, without Docker: parsed, interpolated with an env
 * file, validated against the Compose Specification's schema; then the deploy order and the
 * settings the services must agree on. Where Docker Compose is installed, the real tool must
 * agree; elsewhere (a machine with Node and pnpm only) that test is skipped, saying why.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import {
  environmentVariablesReadBy,
  METRICS_PORT_VARIABLE,
  settingDefault,
} from './support/app-environment';
import {
  commandLine,
  dependencyCondition,
  environmentOf,
  loadCompose,
  mountsOf,
  parseComposeFile,
  type ComposeFile,
} from './support/compose';
import { composeConfig, installedComposeCommand } from './support/compose-cli';
import {
  assertMatchesComposeSpec,
  COMPOSE_SCHEMA_PATH,
  composeSchemaProblems,
} from './support/compose-schema';
import { interpolate } from './support/compose-interpolation';
import { DOCKERFILE, readDockerfile, stageNamed } from './support/dockerfile';
import { readEnvFile } from './support/env-file';
import { parseGoDuration } from './support/go-duration';
import { ROOT } from './support/repository';

const DIRECT_POSTGRES_URL = /^postgresql:\/\/[^?]*@postgres:5432\//;

describe('docker-compose.yml with the .env.example values', () => {
  const { compose } = loadCompose(readEnvFile('.env.example'));
  const { postgres, migrator, api, worker } = compose.services;

  it('runs postgres (healthy) → migrator deploy (exit 0) → api (ready), worker', () => {
    expect(postgres?.image).toMatch(/^postgres:17\b/);
    expect(commandLine(postgres?.healthcheck?.test)).toContain('pg_isready');
    const data = mountsOf(postgres).find((mount) => mount.target === '/var/lib/postgresql/data');
    expect(data?.source, 'PostgreSQL data on a named volume').toBeDefined();
    expect(Object.keys(compose.volumes ?? {})).toContain(data!.source);

    expect(dependencyCondition(migrator, 'postgres')).toBe('service_healthy');
    expect(commandLine(migrator?.command)).toMatch(/^(node \S*migrate\.cjs )?deploy$/);
    expect(environmentOf(migrator).DATABASE_URL).toMatch(DIRECT_POSTGRES_URL);

    expect(dependencyCondition(api, 'migrator')).toBe('service_completed_successfully');
    expect(commandLine(api?.healthcheck?.test)).toContain('/health/ready');
    expect(environmentOf(api).DATABASE_URL).toMatch(DIRECT_POSTGRES_URL);
  });

  it('starts the worker after the migration, not after the API, with what it reads', () => {
    expect(worker, 'a worker service').toBeDefined();
    expect(dependencyCondition(worker, 'migrator')).toBe('service_completed_successfully');
    expect(dependencyCondition(worker, 'postgres')).toBe('service_healthy');
    // It only links to the API.
    expect(dependencyCondition(worker, 'api')).toBeUndefined();
    const environment = environmentOf(worker);
    expect(environment.DATABASE_URL).toMatch(DIRECT_POSTGRES_URL);
    expect(environment.API_BASE_URL).toBe(environmentOf(api).API_BASE_URL);
    expect(worker?.restart).toBe('unless-stopped');
    // No healthcheck: the worker has no health endpoint (its one port serves metrics).
    expect(worker?.healthcheck).toBeUndefined();
    // WORKER_ID is per process (<hostname>-<pid>): one value for every replica would be wrong.
    expect(Object.keys(environment)).not.toContain('WORKER_ID');
    // Every variable it is given is one it reads (a misspelt one would be silently ignored).
    const reads = new Set(environmentVariablesReadBy('worker'));
    expect(Object.keys(environment).filter((key) => !reads.has(key))).toEqual([]);
  });

  it('keeps the metrics ports on the compose network, where a Prometheus would scrape them', () => {
    for (const [app, service] of [
      ['api', api],
      ['worker', worker],
    ] as const) {
      const variable = METRICS_PORT_VARIABLE[app];
      const port = environmentOf(service)[variable] ?? settingDefault(app, variable);
      expect(service?.expose?.map(String), app).toEqual([port]);
      const published = (service?.ports ?? [])
        .map(String)
        .filter((entry) => entry.endsWith(`:${port}`));
      expect(published, `${app}: metrics published on the host`).toEqual([]);
    }
  });

  it("gives the worker's graceful stop its WORKER_SHUTDOWN_TIMEOUT_MS before SIGKILL", () => {
    // `docker compose stop` sends SIGTERM, then SIGKILL after stop_grace_period (10 s by default),
    // which must leave the graceful stop its timeout and the final writes.
    const shutdownSeconds = Number(environmentOf(worker).WORKER_SHUTDOWN_TIMEOUT_MS) / 1000;
    expect(shutdownSeconds).toBeGreaterThan(0);
    const gracePeriod = parseGoDuration(worker?.stop_grace_period ?? '');
    expect(gracePeriod, `stop_grace_period ${worker?.stop_grace_period}`).toBeDefined();
    expect(gracePeriod).toBeGreaterThan(shutdownSeconds);
  });

  it('builds each app from its target of the one Dockerfile', () => {
    const stages = readDockerfile();
    for (const service of ['migrator', 'api', 'worker']) {
      const build = compose.services[service]?.build;
      expect(typeof build, `${service}: build with a target`).toBe('object');
      if (typeof build !== 'object') continue;
      expect(build.context, service).toBe('.');
      expect(build.dockerfile ?? DOCKERFILE, service).toBe(DOCKERFILE);
      expect(build.target, service).toBe(service);
      expect(stageNamed(stages, service), `a ${service} stage in ${DOCKERFILE}`).toBeDefined();
    }
  });
});

describe('docker-compose.yml with no .env at all (a fresh clone: `docker compose up`)', () => {
  const { compose, unset } = loadCompose({});
  const { migrator, api, worker } = compose.services;

  it('has a default for every variable it interpolates', () => {
    // Without one, `docker compose` warns and substitutes an empty string.
    expect([...unset]).toEqual([]);
  });

  it('gives the API a usable signing secret, and the worker the same secret and database', () => {
    expect(environmentOf(api).SIGNING_SECRET?.length).toBeGreaterThanOrEqual(32);
    expect(environmentOf(migrator).DATABASE_URL).toContain('@postgres:5432/');
    // The worker signs the links and unsubscribe tokens that the API verifies.
    expect(environmentOf(worker).SIGNING_SECRET).toBe(environmentOf(api).SIGNING_SECRET);
    expect(environmentOf(worker).DATABASE_URL).toBe(environmentOf(api).DATABASE_URL);
  });
});

describe.each([
  ['the .env.example values', '.env.example'],
  ['no .env at all', undefined],
])('docker-compose.yml with %s: what production requires of the API', (_case, envFile) => {
  const { compose } = loadCompose(envFile ? readEnvFile(envFile) : {});
  const { api, worker } = compose.services;

  it('listens on every interface of the container, published on 127.0.0.1 only', () => {
    // 127.0.0.1 inside the container would leave the published port unanswered.
    expect(environmentOf(api).HOST).toBe('0.0.0.0');
    expect((api as { ports?: unknown[] } | undefined)?.ports).toEqual([
      expect.stringMatching(/^127\.0\.0\.1:\d+:8080$/),
    ]);
  });

  it.each(['api', 'worker'])(
    'lets the %s run production on an http API_BASE_URL only by opting in explicitly',
    (name) => {
      const environment = environmentOf(compose.services[name]);
      expect(environment.NODE_ENV).toBe('production');
      if (environment.API_BASE_URL?.startsWith('http://'))
        expect(environment.ALLOW_HTTP_BASE_URL, `${name}: ALLOW_HTTP_BASE_URL`).toBe('true');
      expect(environment.ALLOW_HTTP_BASE_URL).toBe(environmentOf(worker).ALLOW_HTTP_BASE_URL);
    },
  );
});

describe('the Compose Specification schema', () => {
  const valid = interpolate(parseComposeFile(), {}).value as ComposeFile;

  it('is the file its README names, byte for byte', () => {
    const readme = readFileSync(join(dirname(COMPOSE_SCHEMA_PATH), 'README.md'), 'utf8');
    const recorded = /sha256: `([0-9a-f]{64})`/.exec(readme)?.[1];
    const actual = createHash('sha256').update(readFileSync(COMPOSE_SCHEMA_PATH)).digest('hex');
    expect(actual).toBe(recorded);
  });

  it('accepts docker-compose.yml', () => {
    expect(composeSchemaProblems(valid)).toEqual([]);
  });

  it('rejects a document with a misspelt key, a wrong type or an unknown dependency condition', () => {
    const mutated = structuredClone(valid) as unknown as {
      services: Record<string, Record<string, unknown>>;
    };
    mutated.services.api!.helthcheck = mutated.services.api!.healthcheck;
    mutated.services.worker!.depends_on = { migrator: { condition: 'service_finished' } };
    mutated.services.postgres!.ports = 5432;

    const problems = composeSchemaProblems(mutated);
    expect(problems).toEqual(
      expect.arrayContaining([
        '/services/api: must NOT have additional properties {"additionalProperty":"helthcheck"}',
        '/services/postgres/ports: must be array {"type":"array"}',
      ]),
    );
    expect(
      problems.filter((problem) =>
        problem.startsWith(
          '/services/worker/depends_on/migrator/condition: must be equal to one of the allowed values',
        ),
      ),
    ).toHaveLength(1);
    expect(() => assertMatchesComposeSpec(mutated, 'the mutated copy')).toThrow(
      /^the mutated copy does not match the Compose Specification:\n[\s\S]*"helthcheck"/,
    );
  });
});

const command = installedComposeCommand();
const itWithCompose = command ? it : it.skip;
const composeCheck =
  `is valid for \`${(command ?? ['docker', 'compose']).join(' ')} config\`, with the same ` +
  'environments and images as here' +
  (command ? '' : ' (skipped: neither docker-compose nor docker compose is installed)');

// docker-compose v1 wants a regular file: an empty one stands for a fresh clone's missing .env.
const EMPTY_ENV_FILE = join(mkdtempSync(join(tmpdir(), 'compose-env-')), 'empty.env');
writeFileSync(EMPTY_ENV_FILE, '');
afterAll(() => rmSync(dirname(EMPTY_ENV_FILE), { recursive: true, force: true }));

describe.each([
  { envFile: '.env.example', environment: readEnvFile('.env.example') },
  { envFile: EMPTY_ENV_FILE, environment: {} },
])('docker-compose.yml through Docker Compose, --env-file $envFile', ({ envFile, environment }) => {
  itWithCompose(composeCheck, () => {
    const normalized = composeConfig(command!, resolve(ROOT, envFile)) as ComposeFile;
    const { compose } = loadCompose(environment);
    expect(Object.keys(normalized.services).sort()).toEqual(Object.keys(compose.services).sort());
    for (const [name, service] of Object.entries(compose.services)) {
      expect(environmentOf(normalized.services[name]), name).toEqual(environmentOf(service));
      expect(normalized.services[name]?.image, name).toBe(service.image);
    }
  });
});
