/** The producer as `npm start` runs it: the CLI in tail mode, its own process, so a fault can kill -9 it. */
import { join } from 'node:path';
import { REPO_ROOT } from '../../common/repo-paths.js';
import { ManagedProcess } from '../../common/process/managed-process.js';
import type { ServiceEndpoints } from '../services/service-types.js';

export interface PipelineProducerRun {
  readonly index: string;
  readonly stream: string;
  readonly deadLetterQueueUrl: string;
  /** Its checkpoint, dead-letter payloads and logs (one per start) go here. */
  readonly workDir: string;
}

/** A function that starts the producer, again after a kill: each start resumes from the same checkpoint file and logs to its own file. */
export function producerLauncher(services: ServiceEndpoints, run: PipelineProducerRun): () => ManagedProcess {
  const args = [
    'producer/cli.ts', 'tail',
    '--es-url', services.elasticsearch.url,
    ...(services.elasticsearch.auth === undefined ? [] : ['--es-username', services.elasticsearch.auth.username, '--es-password', services.elasticsearch.auth.password]),
    '--index', run.index,
    '--from', '0',
    '--poll-interval', '200ms',
    // The overlap is event time, which runs about 20x faster than the wall clock here: a document
    // the bulk helper retries 5 s later (a 429 on a busy machine) is minutes of event time late.
    '--overlap', '10min',
    '--stream', run.stream,
    // One request at a time keeps the stream in the order read: the event-time job needs it.
    '--lanes', '1',
    '--dead-letter', `sqs:${run.deadLetterQueueUrl}`,
    '--payload-store', `file:${join(run.workDir, 'dead-letter-payloads')}`,
    '--kinesis-endpoint', services.kinesis.endpoint,
    '--sqs-endpoint', services.sqs.endpoint,
    '--region', services.kinesis.region,
    '--checkpoint', `file:${join(run.workDir, 'producer-checkpoint.json')}`,
  ];
  let starts = 0;
  return () => {
    starts += 1;
    return ManagedProcess.start({ name: 'producer', command: join(REPO_ROOT, 'node_modules/.bin/tsx'), args, cwd: REPO_ROOT, logPath: join(run.workDir, 'logs', `producer-${String(starts)}.log`) });
  };
}
