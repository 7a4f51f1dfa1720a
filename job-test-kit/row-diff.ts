/**
 * Expected rows against emitted rows, as a multiset: the order rows of different keys reach the sink in is
 * not part of a job's meaning. An expected row names only the columns the test is about; the others are not
 * compared. A row that differs is paired with the emitted row that agrees on most of its columns (more than half),
 * so a wrong count shows as one changed column of one row, not as a missing and an extra row.
 */
import { describeInstant } from './time.js';
import type { EmittedAt, EmittedRow } from './sink-log.js';

export type ExpectedRow = Readonly<Record<string, unknown>>;

export interface ChangedRow {
  readonly expected: ExpectedRow;
  readonly emitted: EmittedRow;
  readonly columns: readonly { readonly column: string; readonly expected: unknown; readonly emitted: unknown }[];
}

export interface RowDiff {
  readonly missing: readonly ExpectedRow[];
  readonly extra: readonly EmittedRow[];
  readonly changed: readonly ChangedRow[];
}

interface AsymmetricMatcher {
  asymmetricMatch: (other: unknown) => boolean;
}

function isMatcher(value: unknown): value is AsymmetricMatcher {
  return typeof value === 'object' && value !== null && typeof (value as Partial<AsymmetricMatcher>).asymmetricMatch === 'function';
}

/**
 * Equal as a job test means it: DOUBLE results (averages, z-scores) to 1e-9 relative, so the order Flink adds
 * in does not matter; vitest's asymmetric matchers (`expect.closeTo`, `expect.any`) as they say.
 */
export function valuesEqual(expected: unknown, emitted: unknown): boolean {
  if (isMatcher(expected)) return expected.asymmetricMatch(emitted);
  if (typeof expected === 'number' && typeof emitted === 'number') {
    return expected === emitted || Math.abs(expected - emitted) <= 1e-9 * Math.max(1, Math.abs(expected), Math.abs(emitted));
  }
  return JSON.stringify(expected) === JSON.stringify(emitted);
}

function differingColumns(expected: ExpectedRow, emitted: EmittedRow): ChangedRow['columns'] {
  return Object.entries(expected)
    .filter(([column, value]) => !valuesEqual(value, emitted.row[column]))
    .map(([column, value]) => ({ column, expected: value, emitted: emitted.row[column] }));
}

export function diffRows(expected: readonly ExpectedRow[], emitted: readonly EmittedRow[]): RowDiff {
  const unmatched = [...emitted];
  const unexpected: ExpectedRow[] = [];
  for (const row of expected) {
    const index = unmatched.findIndex((candidate) => differingColumns(row, candidate).length === 0);
    if (index >= 0) unmatched.splice(index, 1);
    else unexpected.push(row);
  }
  const changed: ChangedRow[] = [];
  const missing: ExpectedRow[] = [];
  for (const row of unexpected) {
    const columns = Object.keys(row).length;
    let best: { index: number; differing: ChangedRow['columns'] } | undefined;
    unmatched.forEach((candidate, index) => {
      const differing = differingColumns(row, candidate);
      if (best === undefined || differing.length < best.differing.length) best = { index, differing };
    });
    // Only a row that agrees on most of the named columns is the same row gone wrong.
    if (best === undefined || best.differing.length * 2 >= columns) {
      missing.push(row);
      continue;
    }
    const [emittedRow] = unmatched.splice(best.index, 1);
    if (emittedRow !== undefined) changed.push({ expected: row, emitted: emittedRow, columns: best.differing });
  }
  return { missing, extra: unmatched, changed };
}

export function diffIsEmpty(diff: RowDiff): boolean {
  return diff.missing.length === 0 && diff.extra.length === 0 && diff.changed.length === 0;
}

export function describeEmittedAt(emittedAt: EmittedAt): string {
  return emittedAt === 'end' ? 'at the end of input' : `at watermark ${describeInstant(emittedAt)}`;
}

function show(value: unknown): string {
  // vitest's matchers describe themselves (`CloseTo 1.22 (2 digits)`).
  if (isMatcher(value)) return (value as { toString: () => string }).toString();
  return JSON.stringify(value);
}

function showRow(row: Readonly<Record<string, unknown>>): string {
  return `{ ${Object.entries(row)
    .map(([column, value]) => `${column}: ${show(value)}`)
    .join(', ')} }`;
}

/** The diff for a failing test, and every emitted row with the watermark that emitted it. */
export function formatRowDiff(diff: RowDiff, emitted: readonly EmittedRow[]): string {
  const lines: string[] = [];
  if (diff.missing.length > 0) {
    lines.push(`  missing: expected, not emitted (${String(diff.missing.length)})`);
    for (const row of diff.missing) lines.push(`    - ${showRow(row)}`);
  }
  if (diff.extra.length > 0) {
    lines.push(`  extra: emitted, not expected (${String(diff.extra.length)})`);
    for (const row of diff.extra) lines.push(`    + row ${String(row.position)} ${describeEmittedAt(row.emittedAt)}: ${showRow(row.row)}`);
  }
  if (diff.changed.length > 0) {
    lines.push(`  changed: emitted with other values (${String(diff.changed.length)})`);
    for (const change of diff.changed) {
      lines.push(`    ~ row ${String(change.emitted.position)} ${describeEmittedAt(change.emitted.emittedAt)}, expected ${showRow(change.expected)}`);
      for (const column of change.columns) lines.push(`        ${column.column}: expected ${show(column.expected)}, emitted ${show(column.emitted)}`);
    }
  }
  lines.push(`  emitted rows, in the order they reached the sink (${String(emitted.length)}):`);
  if (emitted.length === 0) lines.push('    (none)');
  for (const row of emitted) lines.push(`    ${String(row.position)}. ${describeEmittedAt(row.emittedAt)}: ${showRow(row.row)}`);
  return lines.join('\n');
}
