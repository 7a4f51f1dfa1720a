/**
 * The environment the producer's container runs with in AWS: the whole configuration, since the
 * image's command is only `tail --log json`. The CDK app builds the task definition from this, and
 * the container test runs the bundled producer with it (local names and endpoints), so what the task
 * is given is what the producer is tested to accept. Variable names come from ENVIRONMENT, so a
 * renamed flag cannot leave the task with a variable nothing reads.
 */
import { ENVIRONMENT, type ProducerFlag } from '../config.js';

export interface ProducerTaskSettings {
  readonly elasticsearchUrl: string;
  readonly index: string;
  readonly stream: string;
  readonly region: string;
  readonly checkpointTable: string;
  readonly deadLetterQueueUrl: string;
  /** `s3://<bucket>/<prefix>` of oversized dead letters. */
  readonly payloadStore: string;
  readonly pageSize: number;
  readonly slices: number;
  readonly lanes: number;
}

/** One checkpoint for the one tail task: a second task with the same name fails its conditional save. */
export const TASK_CHECKPOINT_NAME = 'tail';

export function producerTaskEnvironment(settings: ProducerTaskSettings): Record<string, string> {
  const flags: Readonly<Partial<Record<ProducerFlag, string>>> = {
    'es-url': settings.elasticsearchUrl,
    index: settings.index,
    stream: settings.stream,
    region: settings.region,
    checkpoint: `dynamodb:${settings.checkpointTable}/${TASK_CHECKPOINT_NAME}`,
    'dead-letter': `sqs:${settings.deadLetterQueueUrl}`,
    'payload-store': settings.payloadStore,
    'page-size': String(settings.pageSize),
    slices: String(settings.slices),
    lanes: String(settings.lanes),
  };
  return Object.fromEntries(Object.entries(flags).map(([flag, value]) => [ENVIRONMENT[flag as ProducerFlag], value]));
}
