import type * as z from 'zod';
import { booleanFlag, commaList, httpUrl, wholeNumber } from './validators';

const problemOf = (schema: z.ZodType, value: unknown): string | undefined =>
  schema
    .safeParse(value)
    .error?.issues.map((issue) => issue.message)
    .join('; ');

describe('wholeNumber', () => {
  it('accepts decimal digits within the bounds', () => {
    expect(wholeNumber(1, 10).parse(' 7 ')).toBe(7);
    expect(wholeNumber(0).parse('123456789')).toBe(123456789);
  });

  it.each(['0', '11', '1.5', '1e1', '0x5', 'five'])('refuses %s with one message', (value) => {
    expect(problemOf(wholeNumber(1, 10), value)).toBe('must be a whole number from 1 to 10');
  });

  it('words an open upper bound', () => {
    expect(problemOf(wholeNumber(1), '0')).toBe('must be a whole number of at least 1');
  });
});

describe('commaList', () => {
  it('splits, trims and drops empty items; unset is an empty list', () => {
    expect(commaList().parse(' a, b,,c ')).toEqual(['a', 'b', 'c']);
    expect(commaList().parse(undefined)).toEqual([]);
  });
});

describe('httpUrl', () => {
  it('drops trailing slashes', () => {
    expect(httpUrl().parse('https://api.example.test//')).toBe('https://api.example.test');
  });

  it('refuses other protocols', () => {
    expect(problemOf(httpUrl(), 'ftp://example.test')).toBe('must be an http(s) URL');
  });
});

describe('booleanFlag', () => {
  it('reads true and false; unset is false', () => {
    expect(booleanFlag().parse('true')).toBe(true);
    expect(booleanFlag().parse('false')).toBe(false);
    expect(booleanFlag().parse(undefined)).toBe(false);
  });

  it.each(['yes', '1', 'TRUE'])('refuses %s rather than guess', (value) => {
    expect(problemOf(booleanFlag(), value)).toBeDefined();
  });
});
