import { compile } from 'proxy-addr';
import * as z from 'zod';

const EXPECTED =
  'must be a hop count (1) or comma-separated proxy addresses or CIDRs ' +
  '(10.0.0.0/8, loopback, linklocal, uniquelocal)';

/**
 * Express's `trust proxy`: which proxies' `X-Forwarded-For` decides the client address. A hop
 * count, or the proxies' addresses as `proxy-addr` (Express's own parser) reads them; unset is
 * `false` (the connection's peer is the client). `true` (trust any sender) is refused: every
 * client could then choose its own address.
 */
export function trustProxy() {
  return z
    .string()
    .trim()
    .transform((value, context): number | string[] => {
      if (/^\d+$/.test(value)) return Number(value);
      const proxies = value
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item.length > 0);
      try {
        compile(proxies);
      } catch {
        context.addIssue({ code: 'custom', message: EXPECTED });
        return z.NEVER;
      }
      return proxies;
    })
    .optional()
    .transform((value) => value ?? false);
}
