import * as z from 'zod';

/** A whole number in [min, max], from its decimal digits (`1e3`, `0x10` and `12.0` are refused). */
export function wholeNumber(min: number, max = Number.POSITIVE_INFINITY) {
  const expected = Number.isFinite(max)
    ? `must be a whole number from ${min} to ${max}`
    : `must be a whole number of at least ${min}`;
  return z
    .string()
    .trim()
    .regex(/^[+-]?\d+$/, expected)
    .transform(Number)
    .refine((value) => value >= min && value <= max, expected);
}

/** `a, b,,c` → `['a', 'b', 'c']`; unset → `[]`. */
export function commaList() {
  return z
    .string()
    .transform((value) =>
      value
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item.length > 0),
    )
    .default(() => []);
}

/** An http(s) URL without its trailing slashes, ready for `${base}/path`. */
export function httpUrl() {
  return z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
    .transform((url) => url.replace(/\/+$/, ''));
}

/** `true` or `false`, as written; unset is `false`. */
export function booleanFlag() {
  return z
    .enum(['true', 'false'])
    .transform((value) => value === 'true')
    .default(false);
}

/**
 * A string that `problemOf` accepts: it returns why a value cannot be used, as a phrase that
 * follows the variable's name and never quotes the value, or undefined.
 */
export function checkedBy(problemOf: (value: string) => string | undefined) {
  return z.string().superRefine((value, context) => {
    const problem = problemOf(value);
    if (problem !== undefined) context.addIssue({ code: 'custom', message: problem });
  });
}

/**
 * For a rule across variables (`.refine(rule, { path, message, when: whenValid('A', 'B') })`):
 * zod skips object-level rules once any variable is invalid; this runs the rule as soon as the
 * variables it reads are valid, so its problem is reported together with the others.
 */
export function whenValid(...variables: string[]) {
  return (payload: z.core.ParsePayload): boolean =>
    !payload.issues.some((issue) => variables.includes(String(issue.path?.[0])));
}
