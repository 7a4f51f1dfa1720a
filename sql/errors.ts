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
  override readonly name = 'JobFileError';
}
