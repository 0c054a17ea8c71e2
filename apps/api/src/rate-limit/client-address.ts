import { normalizeIp } from '@nestjs/throttler';
import type { Request } from 'express';

/**
 * Who a per-client limit counts: `request.ip` (the client behind the proxies `TRUST_PROXY`
 * names), IPv6 addresses by their /64, the block one subscriber usually holds.
 */
export function clientAddressOf(request: Request): string {
  return request.ip ? normalizeIp(request.ip, 64) : 'unknown';
}
