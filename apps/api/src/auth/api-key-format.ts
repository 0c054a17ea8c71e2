import { hash, randomBytes, timingSafeEqual } from 'node:crypto';

/** `pk_<8-char prefix>_<43-char secret>`: the prefix finds the row, the hash proves the secret. */
const KEY_PATTERN = /^pk_([A-Za-z0-9]{8})_([A-Za-z0-9_-]{43})$/;

export interface GeneratedApiKey {
  key: string;
  prefix: string;
  hash: string;
}

export function generateApiKey(): GeneratedApiKey {
  const prefix = randomBytes(6).toString('base64url').replace(/[-_]/g, 'x').slice(0, 8);
  const key = `pk_${prefix}_${randomBytes(32).toString('base64url')}`;
  return { key, prefix, hash: hashApiKey(key) };
}

export function prefixOf(key: string): string | undefined {
  return KEY_PATTERN.exec(key)?.[1];
}

/** Keys carry 256 random bits, so one SHA-256 suffices (no password-style slow hash needed). */
export function hashApiKey(key: string): string {
  return hash('sha256', key, 'hex');
}

export function hashesMatch(expectedHex: string, key: string): boolean {
  const expected = Buffer.from(expectedHex, 'hex');
  const actual = Buffer.from(hashApiKey(key), 'hex');
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
