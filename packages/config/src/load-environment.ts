import type * as z from 'zod';
import { ConfigError } from './config-error';
import { describeIssue } from './describe-issue';

/** Environment variables as `process.env` holds them, or as a test passes them. */
export type Environment = Readonly<Record<string, string | undefined>>;

/**
 * Parses `env` with `schema` (an object schema keyed by variable names). A blank variable
 * (`FOO=`) counts as unset, so its default applies. Throws one `ConfigError` that starts with
 * `heading` and lists every problem, each naming its variable.
 */
export function loadEnvironment<Schema extends z.ZodType>(
  schema: Schema,
  env: Environment,
  heading: string,
): z.output<Schema> {
  const result = schema.safeParse(withoutBlankValues(env), { error: describeIssue });
  if (result.success) return result.data;
  const problems = result.error.issues.map(({ path, message }) =>
    path.length > 0 ? `${path.map(String).join('.')} ${message}` : message,
  );
  throw new ConfigError(heading, [...new Set(problems)]);
}

function withoutBlankValues(env: Environment): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter(
      (entry): entry is [string, string] => entry[1] !== undefined && entry[1].trim() !== '',
    ),
  );
}
