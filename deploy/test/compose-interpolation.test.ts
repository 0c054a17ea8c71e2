/**
 * The interpolation the compose tests rely on behaves as `docker compose` (compose-go) does:
 * the cases of the Compose Specification's "Interpolation" section.
 */
import { interpolate, InterpolationError } from './support/compose-interpolation';

const substituted = (template: string, environment: Record<string, string> = {}): string =>
  interpolate(template, environment).value;

describe('Compose interpolation', () => {
  it('substitutes $VAR and ${VAR}, and an unset one by "" (recorded as unset)', () => {
    const { value, variables, unset } = interpolate('$USER@${HOST}:${PORT}', {
      USER: 'me',
      HOST: 'db',
    });
    expect(value).toBe('me@db:');
    expect([...variables]).toEqual(['USER', 'HOST', 'PORT']);
    expect([...unset]).toEqual(['PORT']);
  });

  it('takes ${VAR:-default} when unset or empty, ${VAR-default} only when unset', () => {
    expect(substituted('${A:-x}')).toBe('x');
    expect(substituted('${A:-x}', { A: '' })).toBe('x');
    expect(substituted('${A:-x}', { A: 'a' })).toBe('a');
    expect(substituted('${A-x}')).toBe('x');
    expect(substituted('${A-x}', { A: '' })).toBe('');
    expect(interpolate('${A:-x}${B-y}', {}).unset.size).toBe(0);
  });

  it('takes ${VAR:+other} when set and not empty, ${VAR+other} when set', () => {
    expect(substituted('${A:+x}')).toBe('');
    expect(substituted('${A:+x}', { A: '' })).toBe('');
    expect(substituted('${A:+x}', { A: 'a' })).toBe('x');
    expect(substituted('${A+x}', { A: '' })).toBe('x');
  });

  it('fails on ${VAR:?message} when unset or empty, on ${VAR?message} when unset, naming the path', () => {
    const document = {
      services: { api: { environment: { SECRET: '${SECRET:?set it in .env}' } } },
    };
    expect(() => interpolate(document, {})).toThrow(
      new InterpolationError(
        'services.api.environment.SECRET: required variable SECRET is missing a value: set it in .env',
      ),
    );
    expect(() => interpolate(document, { SECRET: '' })).toThrow(/SECRET is missing a value/);
    expect(interpolate(document, { SECRET: 's' }).value.services.api.environment.SECRET).toBe('s');
    expect(substituted('${A?required}', { A: '' })).toBe('');
    expect(() => substituted('${A?}')).toThrow(/required variable A is missing a value$/);
  });

  it('reads $$ as a literal $, which hides what follows from interpolation', () => {
    const { value, variables } = interpolate('pg_isready -U "$${POSTGRES_USER}" costs $$5', {
      POSTGRES_USER: 'x',
    });
    expect(value).toBe('pg_isready -U "${POSTGRES_USER}" costs $5');
    expect(variables.size).toBe(0);
  });

  it('interpolates defaults, including nested variables, and keeps a lone $', () => {
    expect(substituted('${A:-${B:-b}-c}/${C:-}', { B: 'bee' })).toBe('bee-c/');
    expect(substituted('${A:-{x}}')).toBe('{x}');
    expect(substituted('5$ and $1')).toBe('5$ and $1');
  });

  it('rejects a malformed ${…}', () => {
    expect(() => substituted('${A B}')).toThrow(/invalid interpolation format in "\$\{A B\}"/);
    expect(() => substituted('${A')).toThrow(/invalid interpolation format/);
    expect(() => substituted('${}')).toThrow(/invalid interpolation format/);
  });

  it('interpolates every string value of a document, never its keys or other scalars', () => {
    const { value } = interpolate(
      { '${K}': ['${V}', 3, true, null, { nested: '$V' }], port: 5432 },
      { K: 'key', V: 'value' },
    );
    expect(value).toEqual({ '${K}': ['value', 3, true, null, { nested: 'value' }], port: 5432 });
  });
});
