/**
 * deploy/k8s, read as YAML (every document of each file): the migrator Job, the API and worker
 * Deployments, their shared ConfigMap and the Secret's template.
 */
import {
  environmentVariablesReadBy,
  METRICS_PORT_VARIABLE,
  settingDefault,
} from './support/app-environment';
import {
  containerOf,
  envVar,
  manifestOfKind,
  podSpecOf,
  type Container,
  type HttpProbe,
} from './support/kubernetes';

const job = manifestOfKind('deploy/k8s/migrate-job.yaml', 'Job');
const api = manifestOfKind('deploy/k8s/api.yaml', 'Deployment');
const apiService = manifestOfKind('deploy/k8s/api.yaml', 'Service');
const worker = manifestOfKind('deploy/k8s/worker.yaml', 'Deployment');
const config = manifestOfKind('deploy/k8s/config.yaml', 'ConfigMap');
const secret = manifestOfKind('deploy/k8s/secret.example.yaml', 'Secret');
const settings = config.data ?? {};
const secrets = secret.stringData ?? {};

const secretRef = (container: Container, name: string) =>
  envVar(container, name)?.valueFrom?.secretKeyRef;
const hostHeaders = (probe: HttpProbe | undefined) =>
  (probe?.httpGet?.httpHeaders ?? []).filter((header) => header.name === 'Host');

describe('deploy/k8s', () => {
  it('runs the migrator as a bounded Job: deploy, backoffLimit, activeDeadlineSeconds, direct URL', () => {
    expect(job.spec?.backoffLimit).toBeGreaterThanOrEqual(0);
    expect(job.spec?.backoffLimit).toBeLessThanOrEqual(3);
    expect(job.spec?.activeDeadlineSeconds).toBeGreaterThan(0);
    expect(podSpecOf(job).restartPolicy).toBe('Never');
    const migrate = containerOf(job);
    expect(migrate.args).toEqual(['deploy']);

    const databaseUrl = secretRef(migrate, 'DATABASE_URL');
    expect(databaseUrl?.name).toBe(secret.metadata.name);
    const example = secrets[databaseUrl!.key] ?? '';
    expect(example, `${databaseUrl!.key} in secret.example.yaml`).toMatch(/^postgresql:\/\//);
    expect(example).not.toMatch(/pgbouncer=true|:6432\b|pooler/);
  });

  it('gates the API on /health/ready, keeps it alive on /health/live, with an allowed Host', () => {
    const container = containerOf(api);
    expect(container.readinessProbe?.httpGet?.path).toBe('/health/ready');
    expect(container.livenessProbe?.httpGet?.path).toBe('/health/live');
    expect(api.spec?.strategy?.rollingUpdate?.maxUnavailable).toBe(0);

    const allowedHosts = (settings.ALLOWED_HOSTS ?? '').split(',').map((host) => host.trim());
    const probes = [container.startupProbe, container.readinessProbe, container.livenessProbe];
    const hosts = probes.flatMap(hostHeaders);
    expect(hosts.length).toBeGreaterThanOrEqual(2);
    for (const probe of probes.filter((probe) => probe?.httpGet))
      expect(hostHeaders(probe), 'a Host header on every HTTP probe').toHaveLength(1);
    for (const host of hosts) expect(allowedHosts).toContain(host.value);
  });

  it('gives the API and the worker an https API_BASE_URL, and the API every interface', () => {
    // Production refuses an http one unless ALLOW_HTTP_BASE_URL=true (trusted internal networks).
    expect(settings.NODE_ENV).toBe('production');
    expect(settings.API_BASE_URL).toMatch(/^https:\/\//);
    expect(settings.ALLOW_HTTP_BASE_URL).toBeUndefined();
    expect(settings.HOST).toBe('0.0.0.0');
  });

  it('runs 2 worker replicas with a grace period longer than their graceful stop', () => {
    // Safe to scale (SKIP LOCKED claims, leases): more than one.
    expect(worker.spec?.replicas).toBe(2);
    const shutdownMs = Number(settings.WORKER_SHUTDOWN_TIMEOUT_MS);
    expect(shutdownMs).toBeGreaterThan(0);
    expect(podSpecOf(worker).terminationGracePeriodSeconds).toBeGreaterThan(shutdownMs / 1000 + 10);
  });

  it('gives the worker WORKER_* settings it reads, within its own constraint', () => {
    const reads = new Set(environmentVariablesReadBy('worker'));
    const workerSettings = Object.keys(settings).filter((key) => key.startsWith('WORKER_'));
    expect(workerSettings.length).toBeGreaterThan(5);
    expect(workerSettings.filter((key) => !reads.has(key))).toEqual([]);
    expect(workerSettings).not.toContain('WORKER_ID');
    // lease ≥ 2 × send, as the worker's configuration requires.
    expect(Number(settings.WORKER_LEASE_SECONDS) * 1000).toBeGreaterThanOrEqual(
      2 * Number(settings.WORKER_SEND_TIMEOUT_MS),
    );
  });

  it("shares the API's ConfigMap and signing secret with the worker, not its database key", () => {
    const apiContainer = containerOf(api);
    const workerContainer = containerOf(worker);
    const configMaps = (container: Container) =>
      (container.envFrom ?? []).flatMap((source) => source.configMapRef?.name ?? []);
    expect(configMaps(workerContainer)).toEqual([config.metadata.name]);
    expect(configMaps(apiContainer)).toEqual([config.metadata.name]);

    const workerDatabase = secretRef(workerContainer, 'DATABASE_URL');
    const apiDatabase = secretRef(apiContainer, 'DATABASE_URL');
    expect(workerDatabase?.name).toBe(secret.metadata.name);
    expect(apiDatabase?.name).toBe(secret.metadata.name);
    expect(workerDatabase?.key).not.toBe(apiDatabase?.key);
    expect(secrets[workerDatabase!.key]).toMatch(/^postgresql:\/\//);
    expect(secretRef(workerContainer, 'SIGNING_SECRET')).toEqual(
      secretRef(apiContainer, 'SIGNING_SECRET'),
    );
  });

  it('runs the worker non-root and bounded, with no probes, its only port its metrics', () => {
    const container = containerOf(worker);
    expect(podSpecOf(worker).securityContext?.runAsNonRoot).toBe(true);
    expect(container.resources?.requests?.memory).toBeDefined();
    expect(container.resources?.limits?.memory).toBeDefined();
    expect(
      container.startupProbe ?? container.readinessProbe ?? container.livenessProbe,
    ).toBeUndefined();
    expect(container.ports?.map((port) => port.name)).toEqual(['metrics']);
  });

  it.each([
    { app: 'api' as const, deployment: api },
    { app: 'worker' as const, deployment: worker },
  ])(
    "has Prometheus scrape the $app's pods on the port its metrics setting gives",
    ({ app, deployment }) => {
      const variable = METRICS_PORT_VARIABLE[app];
      const port = Number(settings[variable] ?? settingDefault(app, variable));
      expect(port, `${variable}: the ConfigMap's value or the app's default`).toBeGreaterThan(0);
      const ports = containerOf(deployment).ports ?? [];
      expect(ports.find((entry) => entry.name === 'metrics')?.containerPort).toBe(port);
      expect(ports.filter((entry) => entry.containerPort === port)).toHaveLength(1);
      expect(deployment.spec?.template?.metadata?.annotations).toMatchObject({
        'prometheus.io/scrape': 'true',
        'prometheus.io/port': String(port),
        'prometheus.io/path': '/metrics',
      });
    },
  );

  it("keeps the API's metrics out of its Service", () => {
    const targets = (apiService.spec?.ports ?? []).map((entry) => entry.targetPort);
    expect(targets).toEqual(['http']);
  });
});
