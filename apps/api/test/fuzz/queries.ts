import fc from 'fast-check';
import { PROTOTYPE_KEYS } from './hostile-values';

/** Query values as they travel: percent-encoded, or raw escapes that do not decode (`%ZZ`). */
const hostileQueryValue: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '-1',
    '0',
    '1.5',
    '1e308',
    '1e309',
    '-0',
    'NaN',
    'Infinity',
    '99999999999999999999',
    '',
    'true',
    'null',
    '__proto__',
    '%00',
    '%ZZ',
    '%',
    '%E0%A4%A',
    '%ED%A0%80',
    '%C0%AE',
    '%F0%9F%92%A9',
    encodeURIComponent('9999-12-31T23:59:59-23:59'),
    encodeURIComponent('+275760-09-13T00:00:00.001Z'),
    encodeURIComponent("' OR 1=1 --"),
    'a'.repeat(8_000),
  ),
  fc.string({ maxLength: 30 }).map(encodeURIComponent),
  fc.integer().map(String),
);

/** A whole query string: known and unknown names, repeated and bracketed names, hostile values. */
export function hostileQueryString(knownNames: string[]): fc.Arbitrary<string> {
  const name = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...(knownNames.length ? knownNames : ['limit'])) },
    { weight: 1, arbitrary: fc.constantFrom(...PROTOTYPE_KEYS) },
    { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 8 }).map(encodeURIComponent) },
  );
  const decorated = fc
    .tuple(name, fc.constantFrom('', '', '', '[]', '[a]', '[__proto__]', '[0]'))
    .map(([base, suffix]) => `${base}${suffix}`);
  return fc
    .array(fc.tuple(decorated, hostileQueryValue), { minLength: 1, maxLength: 5 })
    .map((pairs) => pairs.map(([key, value]) => `${key}=${value}`).join('&'));
}

/** Path segments where an id belongs that are not an id, some not even decodable. */
export const malformedIds: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    'non-existent-id',
    '0',
    '-1',
    '1e308',
    'NaN',
    'null',
    'undefined',
    'true',
    '__proto__',
    'constructor',
    'prototype',
    '%00',
    '%ZZ',
    '%',
    '%ED%A0%80',
    '%F0%9F%92%A9',
    '%2e%2e',
    '..',
    '%20',
    'a'.repeat(3_000),
    '00000000-0000-0000-0000-000000000000',
    'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF',
    '{6ba7b810-9dad-11d1-80b4-00c04fd430c8}',
    '6ba7b810-9dad-11d1-80b4-00c04fd430c8x',
    '6ba7b8109dad11d180b400c04fd430c8',
    encodeURIComponent("'; DROP TABLE publishing_channels; --"),
  ),
  fc.uuid().map((id) => id.toUpperCase()),
  fc.string({ minLength: 1, maxLength: 40 }).map(encodeURIComponent),
);
