import { ValidateBy, type ValidationOptions } from 'class-validator';

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * PostgreSQL text and jsonb can hold neither U+0000 nor an unpaired UTF-16 surrogate; refuse them
 * (in strings and object keys, at any depth) with a 422 instead of failing in the database.
 * Used by templates and publications.
 */
export function IsStorableText(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isStorableText',
      validator: {
        validate: (value: unknown) => !containsUnstorable(value),
        defaultMessage: () =>
          '$property must not contain NUL (\\u0000) characters or unpaired surrogates',
      },
    },
    options,
  );
}

function containsUnstorable(value: unknown): boolean {
  if (typeof value === 'string') return isUnstorable(value);
  if (Array.isArray(value)) return value.some(containsUnstorable);
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).some(
      ([key, item]) => isUnstorable(key) || containsUnstorable(item),
    );
  }
  return false;
}

function isUnstorable(text: string): boolean {
  return text.includes('\u0000') || LONE_SURROGATE.test(text);
}
