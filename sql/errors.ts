/**
 * Errors of the job DSL and its compiler. Each message names the job file, the job and the column
 * where it can, and says what to do; `npm run compile-jobs` prints `file: message` and no stack.
 */
import { UserError } from '../common/user-error.js';

export class JobDefinitionError extends UserError {
  override readonly name: string = 'JobDefinitionError';
}

/** A column that does not exist, or one used where its type does not fit. */
export class ColumnError extends JobDefinitionError {
  override readonly name = 'ColumnError';
}

/** A window misused: on a column that is not the event-time attribute, a malformed duration, ... */
export class WindowError extends JobDefinitionError {
  override readonly name = 'WindowError';
}

/** Generated SQL that the SQL parser rejects: a compiler bug, reported with the statement. */
export class GeneratedSqlError extends JobDefinitionError {
  override readonly name = 'GeneratedSqlError';
}

/** A job file that cannot be loaded or exports nothing the compiler can use. */
export class JobFileError extends JobDefinitionError {
  override readonly name: string = 'JobFileError';
}

/** One broken job file and why: `job` is set when the file loaded but that job of it did not compile. */
export interface JobFileProblem {
  readonly file: string;
  readonly job?: string;
  readonly cause: string;
}

function problemLine({ file, job, cause }: JobFileProblem): string {
  // A cause of several lines (a syntax error's code frame) stays indented under its file.
  return `${file}${job === undefined ? '' : ` (${job})`}: ${cause.replaceAll('\n', '\n    ')}`;
}

/**
 * Every broken job file of a jobs folder, found in one run so the author fixes them all before compiling
 * again: one `file: cause` (or `file (job): cause`) line per problem, in file order. One problem reads as
 * a single broken file always did.
 */
export class JobFilesError extends JobFileError {
  override readonly name = 'JobFilesError';
  readonly problems: readonly JobFileProblem[];

  constructor(problems: readonly JobFileProblem[]) {
    const sorted = [...problems].sort((a, b) => a.file.localeCompare(b.file));
    const lines = sorted.map(problemLine);
    const files = new Set(sorted.map(({ file }) => file)).size;
    const heading = `${String(files)} broken job file${files === 1 ? '' : 's'}:`;
    super(lines.length === 1 ? (lines[0] ?? '') : [heading, ...lines.map((line) => `  ${line}`)].join('\n'));
    this.problems = sorted;
  }
}
