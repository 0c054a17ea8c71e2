import { readText } from './repository';

/**
 * Where each app reads its environment, and how its variable names are found there. When the
 * configuration moves (one shared loader, @nestjs/config), this table is the one thing to change;
 * the tests assert a plausible number of names per app, so a stale entry fails instead of
 * finding nothing.
 */
const CONFIGURATION = {
  // The zod schema's keys: the only upper-case property names in the module.
  api: { module: 'apps/api/src/config/app-config.ts', names: /^\s+([A-Z][A-Z0-9_]+):\s+\S/gm },
  worker: {
    module: 'apps/worker/src/config/worker-config.ts',
    names: /^\s+([A-Z][A-Z0-9_]+):\s+\S/gm,
  },
  // `env.NAME` reads.
  migrator: {
    module: 'apps/migrator/src/config/migrator-config.ts',
    names: /\benv\.([A-Z][A-Z0-9_]+)/g,
  },
} as const;

export type App = keyof typeof CONFIGURATION;

/** The module where `app` reads its environment (nothing else in the app should). */
export const configurationModule = (app: App): string => CONFIGURATION[app].module;

/** The environment variables `app` reads, each once. */
export function environmentVariablesReadBy(app: App): string[] {
  const { module, names } = CONFIGURATION[app];
  return [...new Set([...readText(module).matchAll(names)].map((match) => match[1]!))];
}
