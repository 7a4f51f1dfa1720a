/**
 * What one run of a job emitted, and the expectations a test states about it. A failed expectation throws a
 * `RowMismatch` whose message names the job file and the test, lists missing, extra and changed rows (column
 * by column) and every emitted row with the watermark that emitted it.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { REPO_ROOT } from '../common/repo-paths.js';
import type { JobIdentity } from '../sql/compiler/job-identity.js';
import { describeEmittedAt, diffIsEmpty, diffRows, formatRowDiff, type ExpectedRow } from './row-diff.js';
import type { EmittedAt, EmittedRow } from './sink-log.js';
import { at, describeInstant } from './time.js';

/** An expected row: the columns a test is about, each a value or a vitest asymmetric matcher (`expect.closeTo(1.22, 2)`). */
export type ExpectedRowOf<Row> = { readonly [K in keyof Row]?: Row[K] | { asymmetricMatch: (other: unknown) => boolean } };

/** An event that arrived at or behind its source's watermark: late, as Flink defines it. */
export interface BehindWatermark {
  /** 1-based position among the run's steps. */
  readonly step: number;
  readonly record: Readonly<Record<string, unknown>>;
  readonly watermark: number;
}

/** A record the job could not read, dead-lettered by its source as a deployed job's source does. */
export interface DeadLetterOfRun {
  readonly job: string;
  readonly reason: string;
  /** The record's text. */
  readonly source: string | null;
  /** Its line in its source stream's script: the step's position among the run's steps when the job reads one stream. */
  readonly step: number;
}

/** Expected rows differ from the emitted ones. */
export class RowMismatch extends Error {
  override readonly name = 'RowMismatch';
}

/** `JOB_TEST_UPDATE=1` (`npm run test-jobs -- --update`): expected-rows files are written from what jobs emit. */
export function updatingExpectedRows(): boolean {
  return process.env.JOB_TEST_UPDATE === '1';
}

interface RunParts {
  readonly context: string;
  readonly testFile: string;
  readonly identity: JobIdentity;
  readonly folder: string;
  readonly rows: readonly EmittedRow[];
  readonly watermarks: readonly number[];
  readonly unlabelledEmission: string | undefined;
  readonly dataLakeRows: readonly EmittedRow[] | undefined;
  readonly behindWatermark: readonly BehindWatermark[];
  readonly deadLetters: readonly DeadLetterOfRun[];
}

interface RowsFileLine {
  readonly emittedAt: string;
  readonly row: Readonly<Record<string, unknown>>;
}

export class JobTestRun<Row> {
  /** Every row the job's sink received, in order, each with the watermark that emitted it. */
  readonly emitted: readonly EmittedRow[];
  /** What the job's data-lake copy received (a job with `withDataLakeCopy`). */
  readonly dataLakeRows: readonly EmittedRow[] | undefined;
  /** Events that arrived at or behind the watermark (late); whether the job used them shows in its rows. */
  readonly behindWatermark: readonly BehindWatermark[];
  /** Every watermark that reached the sink, in order: the times `expectRowsEmittedAt` can name. */
  readonly watermarks: readonly number[];
  /** The records the job could not read (not JSON, a wrong type, a NOT NULL column missing): dead-lettered, and the job went on. */
  readonly deadLetters: readonly DeadLetterOfRun[];
  /** The run's script, source scripts and sink logs, kept for a look after a failure. */
  readonly folder: string;
  private readonly context: string;
  private readonly unlabelledEmission: string | undefined;
  private readonly testFile: string;

  constructor(parts: RunParts) {
    this.emitted = parts.rows;
    this.dataLakeRows = parts.dataLakeRows;
    this.behindWatermark = parts.behindWatermark;
    this.deadLetters = parts.deadLetters;
    this.watermarks = parts.watermarks;
    this.unlabelledEmission = parts.unlabelledEmission;
    this.folder = parts.folder;
    this.context = parts.context;
    this.testFile = parts.testFile;
  }

  /** The emitted rows' values, in order. */
  get rows(): readonly Row[] {
    return this.emitted.map((emitted) => emitted.row as Row);
  }

  /** Exactly these rows were emitted, in any order; each names only the columns it is about. */
  expectRows(expected: readonly ExpectedRowOf<Row>[]): void {
    this.compare('rows differ from the expected ones', expected, this.emitted);
  }

  /** Exactly these rows reached the job's data-lake copy (`withDataLakeCopy`), partition columns included, in any order. */
  expectDataLakeRows(expected: readonly ExpectedRowOf<Row & Readonly<Record<string, unknown>>>[]): void {
    if (this.dataLakeRows === undefined) throw new RowMismatch(`${this.context}: the job has no data-lake copy (withDataLakeCopy)`);
    this.compare('data-lake rows differ from the expected ones', expected, this.dataLakeRows);
  }

  /**
   * Exactly these rows were emitted when the watermark advanced to `time` (`at`'s clock time or epoch ms; `'end'`
   * for the end of input): a window's row appears once the watermark passes its end, not before.
   */
  expectRowsEmittedAt(time: string | number, expected: readonly ExpectedRowOf<Row>[]): void {
    const emittedAt: EmittedAt = time === 'end' ? 'end' : typeof time === 'number' ? time : at(time);
    const label = describeEmittedAt(emittedAt);
    if (this.unlabelledEmission !== undefined) throw new RowMismatch(`${this.context}: expectRowsEmittedAt cannot say when this job emits: ${this.unlabelledEmission}; use expectRows`);
    if (emittedAt !== 'end' && !this.watermarks.includes(emittedAt)) {
      throw new RowMismatch(`${this.context}: the watermark never was ${describeInstant(emittedAt)}, so no row can have been emitted at it; the sink saw ${this.watermarks.length === 0 ? 'no watermark' : this.watermarks.map(describeInstant).join(', ')}\n${formatRowDiff({ missing: [], extra: [], changed: [] }, this.emitted)}`);
    }
    this.compare(`rows emitted ${label} differ from the expected ones`, expected, this.emitted.filter((row) => row.emittedAt === emittedAt));
  }

  /**
   * The rows match the expected-rows file `<job>.rows/<name>.jsonl` beside the test file: every column, and
   * the watermark that emitted each row. With `npm run test-jobs -- --update` the file is written from this
   * run instead (and the test says so); a missing file fails the test, never written behind its back.
   */
  expectRowsFile(name: string): void {
    const file = join(dirname(this.testFile), `${basename(this.testFile, '.test.ts')}.rows`, `${name}.jsonl`);
    const shown = relative(REPO_ROOT, file);
    // Only where the watermark that emitted a row is the job's doing (see unlabelledEmission) is it part of the file.
    const labelOf = (emittedAt: EmittedAt): string => (this.unlabelledEmission !== undefined ? '-' : emittedAt === 'end' ? 'end' : describeInstant(emittedAt));
    const lines: RowsFileLine[] = this.emitted.map((row) => ({ emittedAt: labelOf(row.emittedAt), row: row.row }));
    if (updatingExpectedRows()) {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, lines.map((line) => `${JSON.stringify(line)}\n`).join(''));
      console.info(`[job-test] wrote ${shown}: ${String(lines.length)} rows as ${this.context} emitted them`);
      return;
    }
    if (!existsSync(file)) {
      throw new RowMismatch(`${this.context}: no expected-rows file ${shown}; check the emitted rows below and write it with \`npm run test-jobs -- --update ${basename(this.testFile, '.test.ts')}\`\n${formatRowDiff({ missing: [], extra: [], changed: [] }, this.emitted)}`);
    }
    const expected = readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as RowsFileLine);
    const withTime = (row: Readonly<Record<string, unknown>>, emittedAt: string): ExpectedRow => ({ ...row, '(emitted)': emittedAt });
    this.compare(
      `rows differ from ${shown} (update it with \`npm run test-jobs -- --update ${basename(this.testFile, '.test.ts')}\` if the change is intended)`,
      expected.map((line) => withTime(line.row, line.emittedAt)),
      this.emitted.map((row, index) => ({ ...row, row: withTime(row.row, lines[index]?.emittedAt ?? '') })),
    );
  }

  private compare(what: string, expected: readonly ExpectedRow[], emitted: readonly EmittedRow[]): void {
    const diff = diffRows(expected, emitted);
    if (diffIsEmpty(diff)) return;
    throw new RowMismatch(`${this.context}: ${what}\n${formatRowDiff(diff, this.emitted)}\n  (its script and inputs: ${relative(REPO_ROOT, this.folder)})`);
  }
}
