import { randomBytes } from 'node:crypto';

/** A name no other test (or earlier run against reused services) has used: prefix plus random hex. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}
