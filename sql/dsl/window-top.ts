import { ColumnError, JobDefinitionError } from '../errors.js';
import type { Window } from './windows.js';

/** `'asc'`: the smallest values first; `'desc'`: the largest first. */
export type SortOrder = 'asc' | 'desc';

/** A tie-breaker: a key or feature of the job, ascending (`'url'`), or with its order (`['clicks_5m', 'desc']`). */
export type TieBreaker<Column extends string> = Column | readonly [Column, SortOrder];

/**
 * How tied rows are ranked, rows tied being rows equal on `by` and on every `thenBy` column:
 * - `'rowNumber'` (default): each row its own rank, 1, 2, 3, ..., and at most `n` rows per window; tied rows
 *   are numbered in an order Flink does not define (Flink's ROW_NUMBER()).
 * - `'rank'`: tied rows share a rank and the next rank skips (1, 1, 3), and every row ranked `n` or better is
 *   kept, so a window gives more than `n` rows when rows tie for the last place (RANK()).
 */
export type TopTies = 'rowNumber' | 'rank';

/**
 * Keep only the best `n` rows of each window, ranked by one of the job's own features, then by tie-breakers.
 * Rows tied on `by` and every `thenBy` are ranked by `ties`; without tie-breakers that happens to every pair
 * of rows with an equal `by`, and which of them ranks first (and, for the last place, which is kept) may
 * differ from run to run over the same input.
 */
export interface TopSpec<Feature extends string, Key extends string> {
  readonly n: number;
  readonly by: Feature;
  /** `desc` (default): the largest values first. */
  readonly order?: SortOrder;
  /**
   * Orders rows whose `by` is equal, each column in turn: a key or a feature, ascending unless given as
   * `[column, 'desc']`. Example: `thenBy: ['url']` ranks pages with equal views by URL, A before B.
   */
  readonly thenBy?: readonly TieBreaker<Feature | Key>[];
  /** `'rowNumber'` (default) or `'rank'`: see {@link TopTies}. */
  readonly ties?: TopTies;
}

/** A column a window Top-N orders by. */
export interface TopOrder {
  readonly column: string;
  readonly descending: boolean;
}

/** A window Top-N as the compiler reads it: the columns to order by, `by` first, then the tie-breakers. */
export interface WindowTop {
  readonly n: number;
  readonly orderBy: readonly [TopOrder, ...TopOrder[]];
  readonly ties: TopTies;
}

const TIES: readonly TopTies[] = ['rowNumber', 'rank'];

/**
 * Checks a `top` spec against the job's keys and features (for JavaScript callers and casts; TypeScript
 * checks the names already) and returns the order it ranks by.
 */
export function windowTop(spec: TopSpec<string, string>, window: Window, keys: readonly string[], features: readonly string[]): WindowTop {
  if (!Number.isInteger(spec.n) || spec.n < 1) throw new JobDefinitionError(`top.n must be a whole number of at least 1, got ${spec.n}`);
  if (window.time === 'processing') {
    throw new JobDefinitionError(
      `top: Flink 1.19 ranks the rows of event-time windows only ("Processing time Window TopN is not supported yet"), and the job's ${window.description} windows follow processing time; use an event-time window (the default)`,
    );
  }
  if (!features.includes(spec.by)) throw new ColumnError(`top.by '${spec.by}' is not a feature of this job (features: ${features.join(', ')})`);
  if (spec.ties !== undefined && !TIES.includes(spec.ties)) throw new JobDefinitionError(`top.ties must be 'rowNumber' or 'rank', got '${spec.ties}'`);
  const orderBy: [TopOrder, ...TopOrder[]] = [{ column: spec.by, descending: spec.order !== 'asc' }];
  for (const breaker of spec.thenBy ?? []) {
    const [column, order] = typeof breaker === 'string' ? [breaker, 'asc'] : breaker;
    if (order !== 'asc' && order !== 'desc') throw new JobDefinitionError(`top.thenBy '${column}': the order must be 'asc' or 'desc', got '${order}'`);
    if (!keys.includes(column) && !features.includes(column)) {
      throw new ColumnError(`top.thenBy '${column}' is not a key or feature of this job (keys: ${keys.join(', ')}; features: ${features.join(', ')})`);
    }
    if (orderBy.some((earlier) => earlier.column === column)) {
      throw new JobDefinitionError(`top.thenBy '${column}' is already ranked by (top.by or an earlier thenBy); name each column once`);
    }
    orderBy.push({ column, descending: order === 'desc' });
  }
  return Object.freeze({ n: spec.n, orderBy: Object.freeze(orderBy), ties: spec.ties ?? 'rowNumber' });
}
