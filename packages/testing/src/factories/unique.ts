import { randomBytes } from 'node:crypto';

let sequence = 0;

/** `label` made unique per call, across test files running in parallel too. */
export function uniqueName(label = 'name'): string {
  sequence += 1;
  return `${label} ${sequence}-${randomBytes(4).toString('hex')}`;
}

/** A unique address at example.com whose local part starts with `label`. */
export function uniqueEmail(label = 'reader'): string {
  sequence += 1;
  return `${label}-${sequence}-${randomBytes(4).toString('hex')}@example.com`;
}
