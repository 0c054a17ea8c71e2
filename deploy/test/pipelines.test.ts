/**
 * The workflows, read as YAML: the pull-request gate, the images built from the Dockerfile's
 * targets, and the release order (migrate, then the API, then the worker).
 */
import { DOCKERFILE } from './support/dockerfile';
import { containerOf, manifestOfKind } from './support/kubernetes';
import { readText } from './support/repository';
import {
  readWorkflow,
  stepsOf,
  stepsUsing,
  WORKFLOWS,
  type WorkflowStep,
} from './support/workflows';

const APPS = ['migrator', 'api', 'worker'] as const;
const MANIFESTS = {
  migrator: { path: 'deploy/k8s/migrate-job.yaml', kind: 'Job' },
  api: { path: 'deploy/k8s/api.yaml', kind: 'Deployment' },
  worker: { path: 'deploy/k8s/worker.yaml', kind: 'Deployment' },
} as const;

const ci = readWorkflow(WORKFLOWS.ci);
const release = readWorkflow(WORKFLOWS.release);
const deployEnvironment = readWorkflow(WORKFLOWS.deployEnvironment);

/** The docker/build-push-action steps building `target` from the root Dockerfile. */
const buildsOf = (steps: WorkflowStep[], target: string): WorkflowStep[] =>
  steps.filter(
    (step) =>
      step.with?.target === target &&
      step.with.context === '.' &&
      (step.with.file ?? DOCKERFILE) === DOCKERFILE,
  );

describe('pipelines', () => {
  it('gates pull requests on install, lint, typecheck, test and `pnpm migrate check`', () => {
    expect(Object.keys(ci.on)).toContain('pull_request');
    const runs = stepsOf(ci).map((step) => step.run?.trim());
    for (const command of [
      'pnpm install --frozen-lockfile',
      'pnpm lint',
      'pnpm typecheck',
      'pnpm test',
      'pnpm migrate check',
    ])
      expect(runs, `a step running ${command}`).toContain(command);
  });

  it('lints the Dockerfile and builds every target in CI', () => {
    const hadolint = stepsUsing(ci, 'hadolint/hadolint-action');
    expect(hadolint.map((step) => step.with?.dockerfile)).toEqual([DOCKERFILE]);
    const builds = stepsUsing(ci, 'docker/build-push-action');
    for (const app of APPS) {
      const build = buildsOf(builds, app);
      expect(build, `ci.yml builds --target ${app}`).toHaveLength(1);
      expect(build[0]!.with?.push).toBe(false);
    }
    expect(builds).toHaveLength(APPS.length);
  });

  it('builds and pushes every target in the release, and hands each image to both environments', () => {
    const { images, staging, production } = release.jobs;
    const builds = stepsUsing(release, 'docker/build-push-action');
    expect(builds).toHaveLength(APPS.length);
    for (const app of APPS) {
      const [build] = buildsOf(builds, app);
      expect(build, `deploy.yml builds --target ${app}`).toBeDefined();
      expect(build!.with?.push).toBe(true);
      expect(build!.with?.tags).toBe(`\${{ steps.names.outputs.${app} }}:\${{ github.sha }}`);
      // The job's output is that build's digest.
      expect(images?.outputs?.[app]).toBe(
        `\${{ steps.names.outputs.${app} }}@\${{ steps.${build!.id}.outputs.digest }}`,
      );
      for (const environment of [staging, production])
        expect(environment?.with?.[`${app}-image`]).toBe(`\${{ needs.images.outputs.${app} }}`);
    }
    expect(staging?.uses).toBe(`./${WORKFLOWS.deployEnvironment}`);
    expect(production?.uses).toBe(`./${WORKFLOWS.deployEnvironment}`);
    expect(production?.needs).toEqual(['images', 'staging']);
  });

  it('migrates in an environment-gated job before rolling out the API, then the worker', () => {
    const inputs = (deployEnvironment.on.workflow_call as { inputs: Record<string, unknown> })
      .inputs;
    for (const app of APPS)
      expect(inputs[`${app}-image`], `${app}-image input`).toMatchObject({ required: true });
    const jobs = Object.values(deployEnvironment.jobs);
    expect(jobs).toHaveLength(1);
    expect(jobs[0]!.environment).toBe('${{ inputs.environment }}');

    const runs = stepsOf(deployEnvironment).map((step) => step.run ?? '');
    const stepApplying = (app: (typeof APPS)[number]) =>
      runs.findIndex((run) => run.includes(MANIFESTS[app].path));
    expect(stepApplying('migrator')).toBeGreaterThanOrEqual(0);
    expect(stepApplying('api')).toBeGreaterThan(stepApplying('migrator'));
    expect(stepApplying('worker')).toBeGreaterThan(stepApplying('api'));
    expect(runs[stepApplying('api')]).toContain('rollout status deployment/publishing-api');
    expect(runs[stepApplying('worker')]).toContain('rollout status deployment/publishing-worker');
  });

  it('substitutes the image names the manifests use', () => {
    const runs = stepsOf(deployEnvironment).map((step) => step.run ?? '');
    for (const app of APPS) {
      const { path, kind } = MANIFESTS[app];
      const image = containerOf(manifestOfKind(path, kind)).image;
      const repository = image.slice(0, image.lastIndexOf(':'));
      expect(repository, `${path} image`).toMatch(new RegExp(`/publishing-${app}$`));
      const applying = runs.find((run) => run.includes(path));
      expect(applying, `the step applying ${path}`).toContain(`s|image: ${repository}:.*|`);
    }
  });

  it('never pushes the schema or resets a database outside the migration history', () => {
    const files = [
      'docker-compose.yml',
      DOCKERFILE,
      ...Object.values(MANIFESTS).map((manifest) => manifest.path),
      ...Object.values(WORKFLOWS),
    ];
    for (const file of files) {
      const text = readText(file);
      expect(text, file).not.toMatch(/\bdb\s+push\b|--accept-data-loss|\bmigrate\s+reset\b/);
      expect(text, file).not.toMatch(/\breset\s+--force\b/);
    }
  });
});
