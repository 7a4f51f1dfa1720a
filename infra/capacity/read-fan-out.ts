/**
 * The reads a set of compiled jobs puts on each Kinesis stream, against the limits Kinesis documents
 * (Kinesis Data Streams quotas, aws-limits.ts): per shard, every polling reader shares 5 GetRecords
 * calls a second (a connector source polls each shard every `scan.shard.getrecords.intervalmillis`,
 * 200 ms by default, so one polling application uses all five); a stream takes at most 20 enhanced
 * fan-out consumers, each with its own 2 MiB/s per shard. The design this enforces: every job reads by
 * enhanced fan-out (the aws target's default), one consumer per job, so 13 jobs on `raw` use 13 of
 * its 20; a 21st reader of one stream is refused with what to do instead.
 *
 * `compile-jobs --target aws` and `npm run capacity` print this same plan from the same function.
 */
import type { JobResource } from '../../sql/compiler/job-resources.js';
import { AWS_LIMITS } from './aws-limits.js';

export interface ReadingJob {
  readonly name: string;
  readonly resources: readonly JobResource[];
}

/** A reader outside the jobs: the enricher's enhanced fan-out consumer of the features stream. */
export interface PipelineConsumer {
  readonly stream: string;
  readonly consumer: string;
}

export interface StreamReads {
  readonly stream: string;
  /** Enhanced fan-out consumers: the jobs' and the pipeline's. */
  readonly efoConsumers: readonly string[];
  /** Jobs polling the stream, with their poll interval. */
  readonly pollers: readonly { readonly job: string; readonly intervalMs: number }[];
  /** GetRecords calls per second per shard from all pollers. */
  readonly getRecordsPerShardPerSecond: number;
  /** What breaks a documented limit; empty when the stream's reads fit. */
  readonly problems: readonly string[];
}

const { shardGetRecordsPerSecond, efoConsumersPerStream } = AWS_LIMITS.kinesis;

export function readFanOut(jobs: readonly ReadingJob[], pipeline: readonly PipelineConsumer[] = []): StreamReads[] {
  const streams = new Map<string, { efo: string[]; pollers: { job: string; intervalMs: number }[] }>();
  const entry = (stream: string) => {
    let found = streams.get(stream);
    if (found === undefined) {
      found = { efo: [], pollers: [] };
      streams.set(stream, found);
    }
    return found;
  };
  for (const consumer of pipeline) entry(consumer.stream).efo.push(consumer.consumer);
  for (const job of jobs) {
    for (const resource of job.resources) {
      if (resource.kind !== 'stream' || resource.access !== 'read') continue;
      if (resource.efoConsumer !== undefined) entry(resource.stream).efo.push(resource.efoConsumer);
      else entry(resource.stream).pollers.push({ job: job.name, intervalMs: resource.pollIntervalMs ?? 200 });
    }
  }
  return [...streams.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([stream, { efo, pollers }]) => {
      const calls = pollers.reduce((total, poller) => total + 1_000 / poller.intervalMs, 0);
      const problems: string[] = [];
      if (calls > shardGetRecordsPerSecond) {
        problems.push(
          `${String(pollers.length)} polling reader(s) (${pollers.map((poller) => poller.job).join(', ')}) call GetRecords ${calls.toFixed(1)} times a second per shard, over the ${String(shardGetRecordsPerSecond)} a shard serves all its pollers: read by enhanced fan-out (the aws target's default) instead`,
        );
      }
      const duplicates = efo.filter((name, index) => efo.indexOf(name) !== index);
      if (duplicates.length > 0) problems.push(`consumer name(s) used twice: ${[...new Set(duplicates)].join(', ')}: each reader needs its own`);
      if (efo.length > efoConsumersPerStream) {
        problems.push(
          `${String(efo.length)} enhanced fan-out consumers, over the ${String(efoConsumersPerStream)} a stream may have: split the readers over a second stream (a job that copies this one), or read fewer jobs from it`,
        );
      }
      return { stream, efoConsumers: efo, pollers, getRecordsPerShardPerSecond: calls, problems };
    });
}

/** One line per stream: consumers against the limit, GetRecords calls per shard against the limit, and problems. */
export function renderReadFanOut(reads: readonly StreamReads[]): string {
  return reads
    .map((stream) => {
      const head = `  ${stream.stream}: ${String(stream.efoConsumers.length)}/${String(efoConsumersPerStream)} enhanced fan-out consumers (2 MiB/s per shard each), ${stream.getRecordsPerShardPerSecond.toFixed(1)}/${String(shardGetRecordsPerSecond)} polling GetRecords calls/s per shard`;
      return [head, ...stream.problems.map((problem) => `    OVER A LIMIT: ${problem}`)].join('\n');
    })
    .join('\n');
}
