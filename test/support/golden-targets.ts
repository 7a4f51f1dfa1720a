import { awsTarget, localTarget } from '../../sql/compiler/compile-target.js';

/** Fixed example targets: golden files must not depend on a live port or a real account. */
export const GOLDEN_TARGETS = {
  local: localTarget({ kinesisEndpoint: 'http://127.0.0.1:4567' }),
  aws: awsTarget({ region: 'eu-west-1', reader: 'EFO' }),
} as const;
