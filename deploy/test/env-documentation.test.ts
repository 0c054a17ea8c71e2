/**
 * .env.example documents every variable: those docker-compose.yml interpolates and those the
 * API, the worker and the migrator read. Adding one without documenting it fails here.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  configurationModule,
  environmentVariablesReadBy,
  type App,
} from './support/app-environment';
import { loadCompose } from './support/compose';
import { documentedVariables } from './support/env-file';
import { readText, ROOT } from './support/repository';

const ENV_EXAMPLE = '.env.example';

describe(ENV_EXAMPLE, () => {
  const documented = documentedVariables(ENV_EXAMPLE);

  it('documents every variable docker-compose.yml interpolates', () => {
    const { variables } = loadCompose({});
    expect(variables.size, 'variables found in docker-compose.yml').toBeGreaterThan(20);
    const missing = [...variables].filter((name) => !documented.has(name));
    expect(missing, `add them to ${ENV_EXAMPLE}, with a comment`).toEqual([]);
  });

  // Enough names that a configuration module moved elsewhere fails here instead of yielding none.
  const apps: { app: App; atLeast: number; including: string[] }[] = [
    { app: 'api', atLeast: 6, including: ['DATABASE_URL', 'SIGNING_SECRET'] },
    { app: 'worker', atLeast: 11, including: ['DATABASE_URL', 'WORKER_CONCURRENCY'] },
    { app: 'migrator', atLeast: 6, including: ['DATABASE_URL', 'MIGRATE_LOCK_TIMEOUT'] },
  ];
  it.each(apps)('documents every variable the $app reads', ({ app, atLeast, including }) => {
    const reads = environmentVariablesReadBy(app);
    expect(reads.length, `variables found in ${configurationModule(app)}`).toBeGreaterThanOrEqual(
      atLeast,
    );
    expect(reads).toEqual(expect.arrayContaining(including));
    const missing = reads.filter((name) => !documented.has(name));
    expect(missing, `add them to ${ENV_EXAMPLE}, with a comment`).toEqual([]);
  });

  it('counts the variables it shows commented out (documented, left unset) as documented', () => {
    expect(readText(ENV_EXAMPLE)).toMatch(/^# DATABASE_URL=postgresql:\/\//m);
    expect(documented).toContain('DATABASE_URL');
    expect(documented).toContain('WORKER_ID');
  });
});

describe("the worker's environment", () => {
  it('is read in its configuration module only', () => {
    // What the worker reads elsewhere would escape the check above.
    const sources = (directory: string): string[] =>
      readdirSync(join(ROOT, directory), { withFileTypes: true }).flatMap((entry) =>
        entry.isDirectory()
          ? sources(`${directory}/${entry.name}`)
          : /(?<!\.spec)\.ts$/.test(entry.name)
            ? [`${directory}/${entry.name}`]
            : [],
      );
    const outside = sources('apps/worker/src')
      .filter((file) => !file.includes('/bench/') && file !== configurationModule('worker'))
      .filter((file) => /\bprocess\.env\b/.test(readText(file)));
    expect(outside).toEqual([]);
  });
});
