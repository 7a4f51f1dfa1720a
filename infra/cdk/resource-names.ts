/**
 * How the CDK app names what it creates from the config's `name`: the one rule, used by the stacks
 * and by what must predict a name before a deploy reports it (the capacity plan, the read fan-out).
 * After a deploy, the stack outputs are the source of names (stack-outputs.ts).
 */
import type { PipelineConsumer } from '../capacity/read-fan-out.js';
import type { InfraConfig } from './config.js';

/** A stream's physical name: the app's name, then the logical name the jobs use (`clickstream-raw`). */
export function physicalStreamName(config: Pick<InfraConfig, 'name'>, logical: string): string {
  return `${config.name}-${logical}`;
}

/** The enricher's enhanced fan-out consumer of the features stream. */
export function enricherConsumerName(config: Pick<InfraConfig, 'name'>): string {
  return `${config.name}-enricher`;
}

/** The readers the pipeline itself puts on its streams: the enricher's consumer of the features stream. */
export function pipelineConsumers(config: Pick<InfraConfig, 'name'>, featuresStream: string | undefined): PipelineConsumer[] {
  return featuresStream === undefined ? [] : [{ stream: featuresStream, consumer: enricherConsumerName(config) }];
}

/** The SQS queue the Flink jobs' sources send the records they cannot read to. */
export function jobsDeadLetterQueueName(config: Pick<InfraConfig, 'name'>): string {
  return `${config.name}-jobs-dlq`;
}

/**
 * The dead-letter payload bucket's prefix for the Flink jobs' oversized letters (beside the producer's and the
 * enricher's): the runner writes `<prefix>/<job>/<stream>-<shard>-<sequence>-<sha12>`.
 */
export const FLINK_DEAD_LETTER_PREFIX = 'flink';

/** The artifact bucket's prefix for reference files (`fileStore` paths): deploy-jobs uploads them, Flink reads them. */
export const REFERENCE_PREFIX = 'reference';

/** Managed Flink names allow letters, digits, `_`, `.` and `-`: `clickstream-user-activity.v1`. */
export function applicationName(prefix: string, job: string): string {
  return prefix === '' ? job : `${prefix}-${job}`;
}
