import { RequestValidationError, type FieldError } from './errors/domain-errors';

/**
 * Text PostgreSQL cannot store (text and jsonb refuse U+0000, jsonb refuses unpaired UTF-16
 * surrogates) and that breaks validators (`isEmail` throws on a lone surrogate). Checked on every
 * string and object key of a request before any validator sees it, at any depth, without
 * recursion (a hostile body can be thousands of levels deep).
 */
export function assertStorableText(value: unknown, location: string): void {
  const errors = findUnstorableText(value, location);
  if (errors.length > 0) throw new RequestValidationError(errors);
}

const MESSAGE = 'must not contain NUL (\\u0000) characters or unpaired UTF-16 surrogates';
const KEY_MESSAGE = `has a key that ${MESSAGE.replace('must not contain', 'contains')}`;
/** Enough to act on; a body with thousands of bad strings does not get a thousand-line answer. */
const MAX_ERRORS = 20;
const UNPAIRED_SURROGATE = /\p{Surrogate}/u;

function isUnstorable(text: string): boolean {
  return text.includes('\u0000') || UNPAIRED_SURROGATE.test(text);
}

/** Field paths are dotted (`personalization_rules.greeting`, `channels.0`); the root is `location`. */
export function findUnstorableText(value: unknown, location: string): FieldError[] {
  const errors: FieldError[] = [];
  // Each entry points at its parent: a path is only built for an error, so a deeply nested body
  // costs memory in proportion to its size, not to its size times its depth.
  const pending: Pending[] = [{ value, key: '', parent: -1 }];
  for (let index = 0; index < pending.length && errors.length < MAX_ERRORS; index += 1) {
    const next = pending[index] as Pending;
    if (typeof next.value === 'string') {
      if (isUnstorable(next.value))
        errors.push({ field: pathOf(pending, index, location), message: MESSAGE });
    } else if (next.value !== null && typeof next.value === 'object') {
      for (const [key, item] of Object.entries(next.value)) {
        if (isUnstorable(key))
          errors.push({ field: pathOf(pending, index, location), message: KEY_MESSAGE });
        else pending.push({ value: item, key, parent: index });
      }
    }
  }
  return errors.slice(0, MAX_ERRORS);
}

interface Pending {
  value: unknown;
  key: string;
  parent: number;
}

function pathOf(pending: Pending[], index: number, location: string): string {
  const keys: string[] = [];
  for (let at = index; at > 0; at = (pending[at] as Pending).parent)
    keys.push((pending[at] as Pending).key);
  return keys.length > 0 ? keys.reverse().join('.') : location;
}
