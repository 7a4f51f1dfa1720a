import type { Job } from '../dsl/job-kinds.js';
import type { KeyedTable } from '../dsl/keyed-table.js';
import type { ReferenceTable } from '../dsl/reference-table.js';
import type { Source } from '../dsl/source.js';
import { JobDefinitionError } from '../errors.js';

/** Every table a job reads, each once: the compiled script declares them before its INSERT. */
export interface JobInputs {
  readonly sources: readonly Source[];
  /** `firstRowPer` / `latestRowPer` tables, declared as views over their sources. */
  readonly keyedTables: readonly KeyedTable[];
  readonly referenceTables: readonly ReferenceTable[];
}

type Table = Source | KeyedTable | ReferenceTable;

/** The tables a job reads directly, with the sources the keyed ones are derived from. */
function tablesOf(job: Job): Table[] {
  switch (job.jobType) {
    case 'event-features':
      return [job.source, ...job.lookups.map(([, lookup]) => lookup.table)];
    case 'interval-join':
    case 'join':
    case 'temporal-join':
      return [job.left.table, job.right.table].flatMap((table) => (table.kind === 'keyed-table' ? [table.from, table] : [table]));
    case 'union':
      return job.parts.flatMap((part) => tablesOf(part.job));
    default:
      return [job.source];
  }
}

/**
 * The job's tables by kind, in first-use order. A name is one table in a script: two different
 * declarations under one name (two `source()` calls with the name `clicks`, a view named like a
 * source) are refused, naming both.
 */
export function jobInputs(job: Job): JobInputs {
  const byName = new Map<string, Table>();
  for (const table of tablesOf(job)) {
    const known = byName.get(table.name);
    if (known === undefined) byName.set(table.name, table);
    else if (known !== table) {
      throw new JobDefinitionError(`two different tables are named '${table.name}' (a ${describe(known)} and a ${describe(table)}); a job can read only one table of a name`);
    }
  }
  const tables = [...byName.values()];
  return {
    sources: tables.filter((table): table is Source => table.kind === 'source'),
    keyedTables: tables.filter((table): table is KeyedTable => table.kind === 'keyed-table'),
    referenceTables: tables.filter((table): table is ReferenceTable => table.kind === 'reference-table'),
  };
}

function describe(table: Table): string {
  if (table.kind === 'keyed-table') return `${table.keep === 'first' ? 'firstRowPer' : 'latestRowPer'} table over '${table.from.name}'`;
  return table.kind === 'source' ? `source on stream '${table.stream}'` : 'reference table';
}
