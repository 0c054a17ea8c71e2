import { createHmac, timingSafeEqual } from 'node:crypto';
import { trimSlash } from './tracking-links';

/**
 * One-click unsubscribe tokens: `<payload>.<signature>`, both base64url.
 * - payload: the subscriber id's 16 bytes, followed by the publication id's 16 bytes when the
 *   token names the publication it came with (22 or 43 characters);
 * - signature: HMAC-SHA256 with `SIGNING_SECRET` over the canonical text
 *   `publishing-unsubscribe-v1\n<subscriber id>\n<publication id or empty>` (ids lower-case).
 */
export interface UnsubscribeTokenClaims {
  subscriberId: string;
  publicationId?: string;
}

export const UNSUBSCRIBE_PATH = '/api/v1/unsubscribe';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function createUnsubscribeToken(secret: string, claims: UnsubscribeTokenClaims): string {
  const ids = [claims.subscriberId, ...(claims.publicationId ? [claims.publicationId] : [])];
  const payload = Buffer.concat(ids.map(uuidBytes)).toString('base64url');
  return `${payload}.${unsubscribeSignature(secret, claims)}`;
}

/** The claims of a token this secret signed; `undefined` for anything malformed or tampered. */
export function verifyUnsubscribeToken(
  secret: string,
  token: string | undefined,
): UnsubscribeTokenClaims | undefined {
  const match = /^([A-Za-z0-9_-]{22}|[A-Za-z0-9_-]{43})\.([A-Za-z0-9_-]{43})$/.exec(token ?? '');
  if (!match) return undefined;
  const bytes = Buffer.from(match[1] ?? '', 'base64url');
  if (bytes.length !== 16 && bytes.length !== 32) return undefined;
  const claims: UnsubscribeTokenClaims = { subscriberId: uuidText(bytes.subarray(0, 16)) };
  if (bytes.length === 32) claims.publicationId = uuidText(bytes.subarray(16));
  const expected = Buffer.from(unsubscribeSignature(secret, claims), 'base64url');
  const presented = Buffer.from(match[2] ?? '', 'base64url');
  return presented.length === expected.length && timingSafeEqual(presented, expected)
    ? claims
    : undefined;
}

/** `<api>/api/v1/unsubscribe?token=<token>`: GET shows a confirmation page, POST (RFC 8058) acts. */
export function unsubscribeUrl(apiBaseUrl: string, token: string): string {
  return `${trimSlash(apiBaseUrl)}${UNSUBSCRIBE_PATH}?token=${encodeURIComponent(token)}`;
}

function unsubscribeSignature(secret: string, claims: UnsubscribeTokenClaims): string {
  const canonical = [
    'publishing-unsubscribe-v1',
    claims.subscriberId.toLowerCase(),
    (claims.publicationId ?? '').toLowerCase(),
  ].join('\n');
  return createHmac('sha256', secret).update(canonical, 'utf8').digest('base64url');
}

function uuidBytes(id: string): Buffer {
  if (!UUID.test(id)) throw new Error(`"${id}" is not a UUID.`);
  return Buffer.from(id.replace(/-/g, ''), 'hex');
}

function uuidText(bytes: Buffer): string {
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
