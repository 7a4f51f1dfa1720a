/** What a pipeline run is given, what it reports while it runs, and what it hands back at the end. */
import type { SyntheticClick } from '../../clickstream-generator/clickstream.js';
import { ServiceError } from '../services/service-errors.js';
import type { ProgressLog } from '../services/service-types.js';
import type { Backlog, HopLatency } from './event-timeline.js';

/** A part of the pipeline failed in a way the user can act on: the message says which and why. */
export class PipelineError extends ServiceError {
  override readonly name = 'PipelineError';
}

export interface PipelineSettings {
  readonly events: number;
  readonly ratePerSecond: number;
  readonly seed: number;
  readonly malformedShare: number;
  /** The Flink jobs to run, by manifest name (default: every job in jobs/); must include the one the enricher scores. */
  readonly jobs?: readonly string[];
  /** Names every resource of the run: lower case letters, digits and dashes. */
  readonly runId: string;
  /** Logs, checkpoints and the compiled jobs of the run go here. */
  readonly workDir: string;
  /** After the last document is indexed: give up when nothing moved for this long. */
  readonly settleTimeoutMs: number;
  /** Faults to inject once this many documents are indexed (the end-to-end test's). */
  readonly faults?: readonly ScheduledFault[];
  readonly onProgress?: (progress: PipelineProgress) => void;
  readonly log: ProgressLog;
  /** Ctrl-C: stop waiting and summarize what got through so far. */
  readonly signal?: AbortSignal;
}

/** What a fault can do to the running pipeline. */
export interface PipelineControl {
  /** kill -9 the producer, then start it again (it resumes from its checkpoint). */
  killProducer(): Promise<void>;
  /** kill -9 every Flink job, then start them again (they restore from their last checkpoint). */
  killFlinkJobs(): Promise<void>;
  /** The model server answers 500 to every request for this long. */
  failModelRequests(milliseconds: number): void;
  /** Puts records as they are into the raw stream, past the producer (another writer, a schema drift). */
  putRawRecords(records: readonly string[]): Promise<void>;
}

export interface ScheduledFault {
  readonly name: string;
  readonly afterIndexed: number;
  inject(control: PipelineControl): Promise<void>;
}

/** The running counts a progress line shows a rate for. */
export type ProgressCount = 'indexed' | 'raw' | 'featureRows' | 'enriched';

export interface PipelineProgress extends Readonly<Record<ProgressCount, number>> {
  readonly elapsedMs: number;
  readonly generated: number;
  readonly deadLettered: { readonly producer: number; readonly enricher: number };
  readonly accounted: number;
  /** Per second over the last 5 s. */
  readonly ratePerSecond: Readonly<Record<ProgressCount, number>>;
  /**
   * What each stage still owes: `producer`, events indexed but not yet on the raw stream;
   * `scoring`, events on the raw stream without a prediction yet (Flink, then the enricher).
   * Dead-lettered events are settled, not owed.
   */
  readonly lag: { readonly producer: Backlog; readonly scoring: Backlog };
}

export interface DeadLetterReason {
  readonly hop: 'producer' | 'enricher' | 'event source';
  readonly reason: string;
  readonly count: number;
}

export interface PipelineResult {
  readonly runId: string;
  readonly outcome: 'complete' | 'incomplete' | 'interrupted';
  readonly startedAt: string;
  readonly seconds: number;
  readonly settings: { readonly events: number; readonly ratePerSecond: number; readonly seed: number; readonly malformedShare: number };
  readonly jobs: readonly string[];
  readonly counts: {
    readonly generated: number;
    readonly generatedMalformed: number;
    readonly indexed: number;
    /** Distinct events on the raw stream, and records there in all (re-sends after a restart count twice). */
    /** Read from Elasticsearch by the producer: sent to the raw stream or dead-lettered by it. */
    readonly producerRead: number;
    readonly rawEvents: number;
    readonly rawRecords: number;
    readonly featureRows: number;
    readonly predictions: number;
    /** Distinct generated events dead-lettered at each hop and not predicted from another copy. */
    readonly deadLettered: { readonly producer: number; readonly enricher: number; readonly eventSource: number };
    /** Records each Flink job could not read from its streams and dead-lettered (and kept running), by job. */
    readonly jobDeadLetters: Readonly<Record<string, number>>;
    /** Dead-letter messages (a page re-sent after a restart dead-letters its bad documents again). */
    readonly deadLetterMessages: number;
    /** Generated events neither predicted nor dead-lettered. */
    readonly unaccounted: number;
    /** Predictions whose key is not a generated event (must be 0). */
    readonly unexpectedPredictions: number;
  };
  readonly deadLetterReasons: readonly DeadLetterReason[];
  /** Up to 20 unaccounted events and the last hop each was seen at. */
  readonly missing: readonly { readonly id: string; readonly lastSeen: string }[];
  readonly latency: readonly HopLatency[];
  /** Events per second reaching each hop, from the start of generation. */
  readonly throughput: { readonly indexed: readonly number[]; readonly raw: readonly number[]; readonly written: readonly number[] };
  readonly faults: readonly { readonly name: string; readonly atSecond: number }[];
  readonly predictionsTable: string;
}

export interface RunningPipeline {
  readonly result: PipelineResult;
  /** Where each generated click's prediction is: the table's items by event id (for checks). */
  readonly predictions: ReadonlyMap<string, Record<string, unknown>>;
  readonly clicks: readonly SyntheticClick[];
  /** Stops the producer, the jobs, the enricher and the model server (`--keep-running` calls it later). */
  stop(): Promise<void>;
}
