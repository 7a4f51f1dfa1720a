/** A tap on a run's raw stream: when each event arrived there (the producer's hop), and when the producer sent it. */
import type { KinesisClient } from '@aws-sdk/client-kinesis';
import { startKinesisEventSource, type RunningEventSource } from '../lambda-event-source/kinesis-event-source.js';
import type { EventTimeline } from './event-timeline.js';
import { FLUSH_MARKER_USER } from './flush-marker.js';
import { eventIdOf, rowOf, sentAtOf } from './pipeline-records.js';

export interface RawTap {
  readonly source: RunningEventSource;
  /** Records of the run's events seen on the raw stream (a re-sent event counts again). */
  records(): number;
}

export async function startRawTap(kinesis: KinesisClient, stream: string, timeline: EventTimeline, otherFeatureSets: ReadonlySet<string>): Promise<RawTap> {
  let records = 0;
  const source = await startKinesisEventSource(
    kinesis,
    { stream, startingPosition: 'TRIM_HORIZON', batchSize: 10_000, batchingWindowMs: 0, reportBatchItemFailures: false, bisectOnError: false, maxRetryAttempts: 0, pollIntervalMs: 100 },
    (event) => {
      for (const record of event.Records) {
        const row = rowOf(record);
        const id = eventIdOf(row, otherFeatureSets);
        if (id === undefined || id.startsWith(FLUSH_MARKER_USER)) continue;
        records += 1;
        timeline.mark(id, 'raw', Math.round(record.kinesis.approximateArrivalTimestamp * 1000));
        const sentAt = sentAtOf(row);
        if (sentAt !== undefined) timeline.mark(id, 'sent', sentAt);
      }
      return Promise.resolve(undefined);
    },
  );
  return { source, records: () => records };
}
