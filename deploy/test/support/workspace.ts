import { readdirSync } from 'node:fs';
import { join } from 'node:path';
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
