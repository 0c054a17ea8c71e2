import { readYaml } from './yaml-files';

/** The parts of a GitHub Actions workflow these tests read. */
export interface WorkflowStep {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, string | boolean | number>;
}
export interface WorkflowJob {
  environment?: string;
  needs?: string | string[];
  outputs?: Record<string, string>;
  steps?: WorkflowStep[];
  uses?: string;
  with?: Record<string, string>;
}
export interface Workflow {
  on: Record<string, unknown>;
  jobs: Record<string, WorkflowJob>;
}

export const WORKFLOWS = {
  ci: '.github/workflows/ci.yml',
  release: '.github/workflows/deploy.yml',
  deployEnvironment: '.github/workflows/deploy-environment.yml',
} as const;

export const readWorkflow = (path: string): Workflow => readYaml<Workflow>(path);

/** Every step of every job, in order. */
export const stepsOf = (workflow: Workflow): WorkflowStep[] =>
  Object.values(workflow.jobs).flatMap((job) => job.steps ?? []);

/** Steps using `action` (`docker/build-push-action`), whatever the version. */
export const stepsUsing = (workflow: Workflow, action: string): WorkflowStep[] =>
  stepsOf(workflow).filter((step) => step.uses?.split('@')[0] === action);
