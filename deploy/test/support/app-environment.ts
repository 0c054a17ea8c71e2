import { readText } from './repository';

/**
 * Where each app reads its environment: the module holding its zod schema for the shared loader
 * (@publishing/config), one `NAME: validator` line per variable. When a schema moves, this table
 * is the one thing to change; the tests assert a plausible number of names per app, so a stale
 * entry fails instead of finding nothing.
 */
const CONFIGURATION = {
  api: 'apps/api/src/config/app-config.ts',
  worker: 'apps/worker/src/config/worker-config.ts',
  migrator: 'apps/migrator/src/config/migrator-config.ts',
} as const;

/** The schema's keys: the only upper-case property names in these modules. */
const VARIABLE_NAME = /^\s+([A-Z][A-Z0-9_]+):\s+\S/gm;

export type App = keyof typeof CONFIGURATION;

/** The module where `app` reads its environment (nothing else in the app should). */
export const configurationModule = (app: App): string => CONFIGURATION[app];

/** The environment variables `app` reads, each once. */
export function environmentVariablesReadBy(app: App): string[] {
  const text = readText(CONFIGURATION[app]);
  return [...new Set([...text.matchAll(VARIABLE_NAME)].map((match) => match[1]!))];
}

/**
 * The default of `variable` as its schema line writes it (`NAME: validator(…).default(9464),`),
 * or undefined when it has none written there.
 */
export function settingDefault(app: App, variable: string): string | undefined {
  const line = new RegExp(`^\\s+${variable}:\\s.*\\.default\\(([^()]*)\\)`, 'm');
  return line.exec(readText(CONFIGURATION[app]))?.[1]?.replace(/^'(.*)'$/, '$1');
}

/** The port the app serves its metrics on unless configured otherwise. */
export const METRICS_PORT_VARIABLE = {
  api: 'METRICS_PORT',
  worker: 'WORKER_METRICS_PORT',
} as const;
