/**
 * A run's reconciliation: every generated event is a prediction (as DynamoDB has it), a dead letter at some
 * hop, or unaccounted, with where each missing event was last seen; counts, latencies and throughput per hop.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Client } from '@elastic/elasticsearch';
import type { SyntheticClick } from '../../clickstream-generator/clickstream.js';
import type { DeadLetter } from '../../common/dead-letter/dead-letter.js';
import { eventIdOfDeadLetter } from './dead-letter-queue.js';
import type { EventTimeline } from './event-timeline.js';
import { PipelineError, type PipelineResult, type PipelineSettings } from './pipeline-types.js';
import { readPredictions } from './prediction-scan.js';
import { describeMissing, reasonsOf } from './run-accounting.js';
import type { RunDeadLetters } from './run-dead-letters.js';

export interface RunRecord {
  readonly runId: string;
  readonly settings: PipelineSettings;
  readonly started: number;
  readonly jobs: readonly string[];
  readonly clicks: readonly SyntheticClick[];
  readonly indexed: number;
  readonly timeline: EventTimeline;
  readonly deadLetters: RunDeadLetters;
  readonly onFailureIds: ReadonlySet<string>;
  readonly rawRecords: number;
  readonly featureRows: number;
  readonly faults: PipelineResult['faults'];
  readonly index: string;
  readonly predictionsTable: string;
}

function countByJob(letters: readonly DeadLetter[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const letter of letters) counts[letter.job ?? '?'] = (counts[letter.job ?? '?'] ?? 0) + 1;
  return counts;
}

export async function reconcileRun(run: RunRecord, clients: { readonly dynamodb: DynamoDBClient; readonly elasticsearch: Client }): Promise<{ readonly result: PipelineResult; readonly predictions: Map<string, Record<string, unknown>> }> {
  const { timeline, deadLetters, onFailureIds, started } = run;
  const generatedIds = new Set(run.clicks.map((click) => click.id));
  // The predictions as DynamoDB has them: the count that matters, and their hop times.
  const predictions = await readPredictions(clients.dynamodb, run.predictionsTable).catch((error: unknown) => {
    throw new PipelineError(`reading the predictions back from DynamoDB (table ${run.predictionsTable}) failed: ${error instanceof Error ? error.message : String(error)} (DynamoDB Local logs to .cache/logs/dynamodb-*.log)`);
  });
  for (const [id, item] of predictions) {
    if (typeof item.features_at === 'number') timeline.mark(id, 'features', item.features_at);
    if (typeof item.scored_at === 'number') timeline.mark(id, 'scored', item.scored_at);
  }
  const predicted = [...generatedIds].filter((id) => predictions.has(id));
  // A record can reach a hop twice (Flink re-emits rows after restoring a checkpoint): a dead letter
  // of one copy is no loss when the other copy was predicted, so those events count as predicted only.
  const distinctGenerated = (ids: Iterable<string | undefined>): number => new Set([...ids].filter((id): id is string => id !== undefined && generatedIds.has(id) && !predictions.has(id))).size;
  const unaccounted = [...generatedIds].filter((id) => !predictions.has(id) && !deadLetters.ids.has(id) && !onFailureIds.has(id));
  const seconds = Math.ceil((Date.now() - started) / 1000);
  const onRaw = [...generatedIds].filter((id) => timeline.has(id, 'raw'));
  const producerDeadLettered = deadLetters.producer.map(eventIdOfDeadLetter).filter((id): id is string => id !== undefined && generatedIds.has(id));
  const { settings } = run;
  const result: PipelineResult = {
    runId: run.runId,
    outcome: unaccounted.length === 0 ? 'complete' : settings.signal?.aborted === true ? 'interrupted' : 'incomplete',
    startedAt: new Date(started).toISOString(),
    seconds: (Date.now() - started) / 1000,
    settings: { events: settings.events, ratePerSecond: settings.ratePerSecond, seed: settings.seed, malformedShare: settings.malformedShare },
    jobs: run.jobs,
    counts: {
      generated: run.clicks.length,
      generatedMalformed: run.clicks.filter((click) => click.event === null).length,
      indexed: run.indexed,
      producerRead: new Set([...onRaw, ...producerDeadLettered]).size,
      rawEvents: onRaw.length,
      rawRecords: run.rawRecords,
      featureRows: run.featureRows,
      predictions: predicted.length,
      deadLettered: { producer: distinctGenerated(deadLetters.producer.map(eventIdOfDeadLetter)), enricher: distinctGenerated(deadLetters.enricher.map(eventIdOfDeadLetter)), eventSource: distinctGenerated(onFailureIds) },
      jobDeadLetters: countByJob(deadLetters.jobs),
      deadLetterMessages: deadLetters.producer.length + deadLetters.enricher.length,
      unaccounted: unaccounted.length,
      unexpectedPredictions: [...predictions.keys()].filter((id) => !generatedIds.has(id)).length,
    },
    deadLetterReasons: reasonsOf({ producer: deadLetters.producer, enricher: deadLetters.enricher }),
    missing: await describeMissing(clients.elasticsearch, run.index, unaccounted.slice(0, 20), timeline),
    latency: timeline.latencies(predicted),
    throughput: { indexed: timeline.perSecond('indexed', started, seconds), raw: timeline.perSecond('raw', started, seconds), written: timeline.perSecond('written', started, seconds) },
    faults: run.faults,
    predictionsTable: run.predictionsTable,
  };
  return { result, predictions };
}
