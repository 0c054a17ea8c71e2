import { parse } from 'dotenv';
import { readText } from './repository';

/** An env file's variables, as `docker compose --env-file` reads them. */
export const readEnvFile = (path: string): Record<string, string> => parse(readText(path));

const VARIABLE_NAME = /^[A-Z][A-Z0-9_]*$/;

/**
 * The variables an env file documents: those it sets, and those it shows commented out
 * (`# DATABASE_URL=postgresql://…`: described, deliberately left unset).
 */
export function documentedVariables(path: string): Set<string> {
  const text = readText(path);
  const commentedOut = text
    .split('\n')
    .filter((line) => line.trimStart().startsWith('#'))
    .map((line) => line.trimStart().slice(1))
    .join('\n');
  return new Set(
    [...Object.keys(parse(text)), ...Object.keys(parse(commentedOut))].filter((name) =>
      VARIABLE_NAME.test(name),
    ),
  );
}
