import { basename, extname } from 'node:path';

/**
 * Who a job is, derived from where it is declared, as Chronon does: `jobs/user-sessions.ts`
 * exporting `v1` is the job `user-sessions.v1`, with SQL-safe table names from it.
 */
export interface JobIdentity {
  /** `user-sessions.v1`: the name in the manifest, in every output row (`feature_set`), in logs. */
  readonly name: string;
  /** The job file relative to the repository root, for error messages. */
  readonly file: string;
  readonly exportName: string;
  /** `user_sessions_v1`: the prefix of the job's table names. */
  readonly sqlName: string;
}

export function jobIdentity(file: string, exportName: string): JobIdentity {
  const name = `${basename(file, extname(file))}.${exportName}`;
  return { name, file, exportName, sqlName: name.replace(/[^A-Za-z0-9_]/g, '_') };
}
