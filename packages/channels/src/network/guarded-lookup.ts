import { lookup as systemLookup, type LookupAddress, type LookupAllOptions } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { permanentFailure, type DeliveryError } from '../channel-adapter';
import { hostRefusal, nonPublicRange, type TargetPolicy } from './target-policy';

export const TARGET_REFUSED = 'ETARGETREFUSED';

/** A connection the target policy refused; it was never attempted. */
export class TargetRefusedError extends Error {
  override readonly name = 'TargetRefusedError';
  readonly code = TARGET_REFUSED;

  constructor(
    readonly host: string,
    readonly range: string,
    resolved: boolean,
  ) {
    super(
      `${host} ${resolved ? 'resolves to' : 'is'} an address that is not public (${range}); ` +
        'private, loopback and other special-purpose targets are refused unless the service runs ' +
        'with ALLOW_PRIVATE_TARGETS=true',
    );
  }
}

export type Resolver = (
  hostname: string,
  options: LookupAllOptions,
  callback: (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => void;

/**
 * A `lookup` for `net.connect` and HTTP agents that resolves every address of a name and, under
 * a public-only policy, refuses the connection when any of them is not public. The socket then
 * connects to the very addresses that were checked: there is no second lookup to rebind.
 */
export function guardedLookup(
  policy: TargetPolicy,
  resolve: Resolver = systemLookup,
): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      const refusal = policy.allowPrivateTargets ? undefined : refusalAmong(hostname, addresses);
      if (refusal) return callback(refusal, []);
      const [first] = addresses;
      if (!first) return callback(notFound(hostname), []);
      if (options.all) return callback(null, addresses);
      callback(null, first.address, first.family);
    });
  };
}

/**
 * What the policy refuses by name alone, checked before any connection: `localhost` names and
 * non-public IP literals (`net.connect` never looks an IP literal up, so this is its only check).
 */
export function refusedHost(host: string, policy: TargetPolicy): TargetRefusedError | undefined {
  if (policy.allowPrivateTargets) return undefined;
  const range = hostRefusal(host);
  return range ? new TargetRefusedError(host, range, false) : undefined;
}

function refusalAmong(
  hostname: string,
  addresses: LookupAddress[],
): TargetRefusedError | undefined {
  for (const { address } of addresses) {
    const range = nonPublicRange(address);
    if (range) return new TargetRefusedError(hostname, range, true);
  }
  return undefined;
}

function notFound(hostname: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
}

/** `failure_reason` of a send the target policy refused. */
export const TARGET_NOT_ALLOWED = 'target_not_allowed';

/**
 * A refused target as a delivery failure: permanent, since retries go to the same place; a
 * changed configuration (or ALLOW_PRIVATE_TARGETS) is what fixes it.
 */
export function targetRefusedFailure(error: TargetRefusedError): DeliveryError {
  return permanentFailure(TARGET_NOT_ALLOWED, error.message);
}
