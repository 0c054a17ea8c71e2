import { copyFileSync, mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { existsInRepository, readJson, ROOT } from './repository';

interface PackageJson {
  name: string;
  dependencies?: Record<string, string>;
}

/** Workspace package directories (apps/*, packages/*) by package name. */
const WORKSPACE = new Map(
  ['apps', 'packages'].flatMap((parent) =>
    readdirSync(join(ROOT, parent), { withFileTypes: true })
      .map((entry) => `${parent}/${entry.name}`)
      .filter((dir) => existsInRepository(`${dir}/package.json`))
      .map((dir) => [readJson<PackageJson>(`${dir}/package.json`).name, dir] as const),
  ),
);

export const packageNameOf = (dir: string): string =>
  readJson<PackageJson>(`${dir}/package.json`).name;

/** The workspace packages `dir` needs at run time: its `workspace:` dependencies, transitively. */
export function workspaceDependencies(dir: string, seen = new Set<string>()): Set<string> {
  const { dependencies = {} } = readJson<PackageJson>(`${dir}/package.json`);
  for (const [name, version] of Object.entries(dependencies)) {
    const dependency = WORKSPACE.get(name);
    if (!version.startsWith('workspace:') || dependency === undefined || seen.has(dependency))
      continue;
    seen.add(dependency);
    workspaceDependencies(dependency, seen);
  }
  return seen;
}

/**
 * A temporary directory holding the workspace's manifests only (root package.json, lockfile,
 * pnpm-workspace.yaml, turbo.json, .npmrc, every workspace package's package.json): enough for
 * `turbo prune` to work on, and nothing that changes under it.
 */
export function copyOfWorkspaceManifests(): string {
  const copy = mkdtempSync(join(tmpdir(), 'publishing-workspace-'));
  const packages = ['apps', 'packages', 'tools'].flatMap((parent) =>
    readdirSync(join(ROOT, parent)).map((name) => `${parent}/${name}/package.json`),
  );
  const manifests = [
    'package.json',
    'pnpm-lock.yaml',
    'pnpm-workspace.yaml',
    'turbo.json',
    '.npmrc',
  ];
  for (const file of [...manifests, 'deploy/package.json', ...packages]) {
    if (!existsInRepository(file)) continue;
    mkdirSync(dirname(join(copy, file)), { recursive: true });
    copyFileSync(join(ROOT, file), join(copy, file));
  }
  return copy;
}
