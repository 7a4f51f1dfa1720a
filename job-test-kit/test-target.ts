/**
 * The compile target of a job test: the job's script exactly as a deployment compiles it, but with its
 * tables on the runner's test connectors instead of Kinesis, Redis, S3 and the data lake. Sources read a
 * script file of records and watermarks (`job-test-source`) and dead-letter what the job cannot read into a file, the sink and the data-lake copy append what
 * reaches them, rows and watermarks in order, to a file (`job-test-sink`), and a reference table is a
 * JSON-lines file of the test's rows on the runner's `reference-file` connector (the same lookup by key).
 * Records are decoded and rows encoded with the Kinesis tables' own format options.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { deadLetterOptions, KINESIS_RECORD_FORMAT } from '../sql/compiler/connectors/kinesis-options.js';
import { referenceFileOptions } from '../sql/compiler/connectors/reference-file-options.js';
import type { CompileTarget } from '../sql/compiler/compile-target.js';
import { localTarget } from '../sql/compiler/compile-target.js';
import { parseDuration } from '../sql/schema/duration.js';

/** Where one run's files are: the scripts the sources read, what the sinks write, the reference tables. */
export interface JobTestFiles {
  readonly folder: string;
  /** The script a source on this logical stream reads. */
  readonly sourceScript: (stream: string) => string;
  /** What the sink table on this logical stream receives. */
  readonly sinkLog: (stream: string) => string;
  /** What a data-lake copy in this folder receives. */
  readonly dataLakeLog: (folder: string) => string;
  /** The dead letters of the records the job could not read from this logical stream. */
  readonly deadLetters: (stream: string) => string;
  /** A reference table's rows, one JSON object per line. */
  readonly referenceRows: (table: string) => string;
}

const safe = (name: string): string => name.replace(/[^A-Za-z0-9_.-]/g, '_');

export function jobTestFiles(folder: string): JobTestFiles {
  return {
    folder,
    sourceScript: (stream) => join(folder, `source.${safe(stream)}.jsonl`),
    sinkLog: (stream) => join(folder, `sink.${safe(stream)}.jsonl`),
    dataLakeLog: (lakeFolder) => join(folder, `data-lake.${safe(lakeFolder)}.jsonl`),
    referenceRows: (table) => join(folder, `reference.${safe(table)}.jsonl`),
    deadLetters: (stream) => join(folder, `dead-letters.${safe(stream)}.jsonl`),
  };
}

export function jobTestTarget(files: JobTestFiles): CompileTarget {
  // The job-wide settings a local deployment gets, so the script differs from it in table options only.
  const { settings } = localTarget({ kinesisEndpoint: 'http://127.0.0.1:1' });
  return {
    name: 'local',
    settings,
    sourceOptions: (read) => [
      ['connector', 'job-test-source'],
      ['path', files.sourceScript(read.stream)],
      ...KINESIS_RECORD_FORMAT,
      // As a local deployment's source dead-letters them, but into a file the run reads back.
      ...deadLetterOptions({ job: read.job, requiredColumns: read.requiredColumns, destination: { kind: 'file', path: files.deadLetters(read.stream) } }),
    ],
    sinkOptions: (stream) => [['connector', 'job-test-sink'], ['path', files.sinkLog(stream)], ...KINESIS_RECORD_FORMAT],
    referenceOptions: (table) =>
      referenceFileOptions({
        uri: pathToFileURL(files.referenceRows(table.name)).href,
        // Read once: a test's reference rows never change while it runs.
        reloadEvery: parseDuration('1 d', 'the job test kit\'s reference reload'),
      }),
    dataLakeOptions: (copy) => [['connector', 'job-test-sink'], ['path', files.dataLakeLog(copy.folder)], ...KINESIS_RECORD_FORMAT],
    dataLakeFolder: (copy) => pathToFileURL(join(files.folder, 'data-lake', copy.folder)).href,
  };
}
