/**
 * A JSON number token that `JSON.stringify` cannot produce (`-0`, `1e309`, `-1e309`), written into
 * the body as is: `JSON.parse` reads `1e309` as Infinity, which no object literal can send.
 */
export class RawJsonToken {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

/** JSON text of `value`, with every `RawJsonToken` in it written verbatim. */
export function toJsonText(value: unknown): string {
  const tokens: string[] = [];
  const text = JSON.stringify(value, (_key, item: unknown) => {
    if (item instanceof RawJsonToken) {
      tokens.push(item.text);
      return `\u0000raw:${tokens.length - 1}\u0000`;
    }
    return item;
  });
  return (text ?? 'null').replace(/"\\u0000raw:(\d+)\\u0000"/g, (_match, index: string) => {
    return tokens[Number(index)]!;
  });
}

/** An object with an own property named `key`, even `__proto__` (a literal would set the prototype). */
export function withOwnKey(target: object, key: string, value: unknown): object {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    configurable: true,
    writable: true,
  });
  return target;
}
