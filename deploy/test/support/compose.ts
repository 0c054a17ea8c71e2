import { parse } from 'yaml';
import { assertMatchesComposeSpec } from './compose-schema';
import { interpolate } from './compose-interpolation';
import { readText } from './repository';

export const COMPOSE_FILE = 'docker-compose.yml';

/** The parts of the Compose Specification these tests read (the schema has the rest). */
export interface ComposeService {
  image?: string;
  build?: string | { context?: string; dockerfile?: string; target?: string };
  command?: string[] | string;
  environment?: Record<string, string | number | boolean | null> | string[];
  depends_on?: Record<string, { condition?: string }> | string[];
  healthcheck?: { test?: string[] | string };
  volumes?: (string | { source?: string; target?: string })[];
  stop_grace_period?: string;
  restart?: string;
  /** Short syntax (`'127.0.0.1:8080:8080'`); the long one is not used here. */
  ports?: (string | number)[];
  expose?: (string | number)[];
}
export interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

/** docker-compose.yml as parsed YAML, before interpolation. */
export const parseComposeFile = (): unknown =>
  // Compose accepts YAML merge keys (`<<: *defaults`).
  parse(readText(COMPOSE_FILE), { merge: true });

/**
 * docker-compose.yml as `docker compose` loads it with `environment` as its env file (and nothing
 * from the caller's environment): parsed, interpolated, then validated against the Compose
 * Specification's schema. An invalid document throws with every schema error.
 */
export function loadCompose(environment: Readonly<Record<string, string>>): {
  compose: ComposeFile;
  /** Variables the file interpolates. */
  variables: Set<string>;
  /** Interpolated without a default and not set in `environment`. */
  unset: Set<string>;
} {
  const { value, variables, unset } = interpolate(parseComposeFile(), environment);
  assertMatchesComposeSpec(value, COMPOSE_FILE);
  return { compose: value as ComposeFile, variables, unset };
}

/** A service's environment as strings, from either the mapping or the `KEY=value` list form. */
export function environmentOf(service: ComposeService | undefined): Record<string, string> {
  const environment = service?.environment ?? {};
  if (Array.isArray(environment))
    return Object.fromEntries(
      environment.map((entry) => {
        const [key = '', ...value] = entry.split('=');
        return [key, value.join('=')];
      }),
    );
  return Object.fromEntries(
    Object.entries(environment).map(([key, value]) => [key, value === null ? '' : String(value)]),
  );
}

/** The condition a service waits for on `dependency` (the list form means service_started). */
export function dependencyCondition(
  service: ComposeService | undefined,
  dependency: string,
): string | undefined {
  const dependsOn = service?.depends_on;
  if (Array.isArray(dependsOn))
    return dependsOn.includes(dependency) ? 'service_started' : undefined;
  const entry = dependsOn?.[dependency];
  return entry === undefined ? undefined : (entry.condition ?? 'service_started');
}

/** A command or healthcheck test as one line, whichever form it is written in. */
export const commandLine = (command: string[] | string | undefined): string =>
  Array.isArray(command) ? command.join(' ') : (command ?? '');

/** `source → target` of each mount, short (`name:/path[:mode]`) or long syntax. */
export function mountsOf(
  service: ComposeService | undefined,
): { source?: string; target?: string }[] {
  return (service?.volumes ?? []).map((volume) => {
    if (typeof volume !== 'string') return volume;
    const [source, target] = volume.split(':');
    return target === undefined ? { target: source } : { source, target };
  });
}
