import fc from 'fast-check';
import { RawJsonToken, withOwnKey } from './raw-json';

/**
 * Families of values no client should send, each a separate property of the suite so that a
 * defect found by one family is reported (and, while someone else fixes it, marked) on its own.
 */

/** Keys that pollute prototypes when an object is merged or assigned naively. */
export const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype'];

const nested = (depth: number, leaf: unknown, wrap: (inner: unknown) => unknown) => {
  let value = leaf;
  for (let level = 0; level < depth; level += 1) value = wrap(value);
  return value;
};

const prototypePolluter = () =>
  withOwnKey(withOwnKey({}, '__proto__', { polluted: true, isAdmin: true }), 'constructor', {
    prototype: { polluted: true },
  });

/** Wrong types, extreme numbers, huge and deeply nested values, prototype keys. */
export const wrongShapes: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(
    true,
    false,
    0,
    -1,
    1.5,
    1e308,
    -1e308,
    5e-324,
    Number.MAX_SAFE_INTEGER + 2,
    2 ** 31,
    -(2 ** 63),
    new RawJsonToken('-0'),
    new RawJsonToken('1e309'),
    new RawJsonToken('-1e309'),
    new RawJsonToken('123456789012345678901234567890'),
    'NaN',
    'Infinity',
    '-0',
    '1e308',
    '0x10',
    '',
    ' ',
    'true',
    'null',
    '[]',
    '{}',
    "' OR 1=1 --",
    '<script>alert(1)</script>',
    '../../etc/passwd',
    '%00',
    '${7*7}{{7*7}}',
    [],
    {},
    [null],
    [[]],
    [{}],
    ['a', 1, true, null],
  ),
  fc.constant('x'.repeat(100_000)),
  fc.constant('é'.repeat(20_000)),
  fc.constant(Array.from({ length: 10_000 }, (_, index) => index)),
  fc.constant(Array.from({ length: 1_000 }, () => 'a'.repeat(50))),
  fc.constant(nested(40, 1, (inner) => [inner])),
  fc.constant(nested(40, 'deep', (inner) => ({ a: inner }))),
  fc.constant(new RawJsonToken(`${'['.repeat(5_000)}1${']'.repeat(5_000)}`)),
  fc.constant(new RawJsonToken(`${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}`)),
  fc.constant(Object.fromEntries(Array.from({ length: 2_000 }, (_, i) => [`k${i}`, i]))),
  fc.constant(null).map(prototypePolluter),
  fc.constantFrom(...PROTOTYPE_KEYS).map((key) => withOwnKey({}, key, { polluted: true })),
  fc.integer(),
  // NaN and ±Infinity would travel as `null`, the family of its own.
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.string({ maxLength: 40 }),
  // A bare null and invalid Unicode are families of their own.
  fc.jsonValue({ maxDepth: 3, stringUnit: 'grapheme-ascii' }).filter((value) => value !== null),
);

const INVALID_UNITS = new Set(['\ud800', '\udbff', '\udc00', '\udfff', '\u0000']);

/** Strings that are not valid Unicode text or that carry control characters. */
export const invalidUnicode: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    '\ud800',
    '\udfff',
    'a\ud800b',
    '\udc00\ud800',
    'reader\ud800@example.com',
    '\ud800@example.com',
    'x\u0000y',
    '\u0000',
    'reader@example.com\u0000',
    '\ufffe\uffff',
    '\u202eevil',
    '\u001b[31mred',
    'line\r\nInjected-Header: yes',
  ),
  fc
    .string({
      unit: fc.constantFrom('\ud800', '\udbff', '\udc00', '\udfff', '\u0000', 'a', 'é', '😀'),
      minLength: 1,
      maxLength: 12,
    })
    .filter((text) => [...text].some((unit) => INVALID_UNITS.has(unit))),
  fc.array(fc.constantFrom('\ud800', '\u0000', 'a'), { minLength: 1, maxLength: 3 }),
  fc.dictionary(fc.constantFrom('\ud800', 'k\u0000', 'ok'), fc.constantFrom('\udfff', 'v')),
);

/** `null` in place of any value. */
export const nulls: fc.Arbitrary<unknown> = fc.constant(null);

/** A family of hostile values, and which fields it is best aimed at (all when none match). */
export interface HostileFamily {
  values: fc.Arbitrary<unknown>;
  aimsAt?: (field: string, schema: { type?: string; format?: string; items?: unknown }) => boolean;
}

const offset = fc
  .tuple(
    fc.constantFrom('+', '-'),
    fc.integer({ min: 0, max: 99 }),
    fc.integer({ min: 0, max: 99 }),
  )
  .map(([sign, hours, minutes]) => `${sign}${pad(hours)}:${pad(minutes)}`);

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

const validOffset = fc
  .tuple(
    fc.constantFrom('+', '-'),
    fc.integer({ min: 0, max: 23 }),
    fc.integer({ min: 0, max: 59 }),
  )
  .map(([sign, hours, minutes]) => `${sign}${pad(hours)}:${pad(minutes)}`);

/**
 * Well-formed ISO 8601 instants on the last day of year 9999 whose negative offset carries them
 * into year 10000 once converted to UTC, and the first instants of year 1 with any offset.
 */
const edgeOfYears = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .tuple(
        fc.integer({ min: 12, max: 23 }),
        fc.integer({ min: 12, max: 23 }),
        fc.integer({ min: 0, max: 59 }),
      )
      .map(
        ([hour, offsetHours, offsetMinutes]) =>
          `9999-12-31T${pad(hour)}:59:59-${pad(offsetHours)}:${pad(offsetMinutes)}`,
      ),
  },
  { weight: 1, arbitrary: validOffset.map((zone) => `0001-01-01T00:00:00${zone}`) },
);

/** Instants at and past the ends of what JavaScript, PostgreSQL and ISO 8601 can hold, and non-dates. */
export const extremeTimestamps: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: edgeOfYears },
  fc.constantFrom<unknown>(
    '9999-12-31T23:59:59-23:59',
    '9999-12-31T23:59:59.999Z',
    '+275760-09-13T00:00:00.000Z',
    '+275760-09-13T00:00:00.001Z',
    '-271821-04-20T00:00:00.000Z',
    '0000-01-01T00:00:00Z',
    '0001-01-01T00:00:00+14:00',
    '2024-02-30T10:00:00Z',
    '2030-13-01T00:00:00Z',
    '2030-01-01T24:00:00Z',
    '2030-01-01T23:59:60Z',
    '2030-01-01T00:00:00+24:00',
    '2030-01-01T00:00:00Z[Europe/Paris]',
    '2030-01-01',
    '2030-01-01T00:00:00',
    '20300101T000000Z',
    'tomorrow',
    '',
    8.64e15,
    -1,
  ),
  fc
    .tuple(
      fc.date({ min: new Date(-8.64e15), max: new Date(8.64e15), noInvalidDate: true }),
      offset,
    )
    .map(([date, zone]) => `${date.toISOString().replace(/\.\d{3}Z$/, '')}${zone}`),
  fc
    .tuple(fc.integer({ min: 1, max: 99_999 }), offset)
    .map(([year, zone]) => `${String(year).padStart(4, '0')}-06-15T12:00:00${zone}`),
);
