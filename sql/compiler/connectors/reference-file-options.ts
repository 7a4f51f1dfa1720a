import type { ParsedDuration } from '../../schema/duration.js';
import type { TableOptions } from './table-options.js';

/** A reference table in a JSON-lines file, read by the runner's `reference-file` connector. */
export interface ReferenceFileSettings {
  /** The file's full URI: file:///... locally, s3://... in AWS. */
  readonly uri: string;
  readonly reloadEvery: ParsedDuration;
}

export function referenceFileOptions(settings: ReferenceFileSettings): TableOptions {
  return [
    ['connector', 'reference-file'],
    ['path', settings.uri],
    ['reload-interval', `${settings.reloadEvery.millis} ms`],
    ['format', 'json'],
  ];
}
