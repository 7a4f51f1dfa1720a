/** A run's dead letters, read off the producer's, the jobs' and the enricher's queues as they come. */
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { DeadLetter } from '../../common/dead-letter/dead-letter.js';
import { drainDeadLetters, eventIdOfDeadLetter } from './dead-letter-queue.js';
import type { RunQueues } from './run-resources.js';

export class RunDeadLetters {
  readonly producer: DeadLetter[] = [];
  readonly enricher: DeadLetter[] = [];
  /** Records the Flink jobs could not read: not generated events (the producer validates those), so no ids. */
  readonly jobs: DeadLetter[] = [];
  /** The events any of them is about. */
  readonly ids = new Set<string>();

  constructor(
    private readonly sqs: SQSClient,
    private readonly queues: RunQueues,
  ) {}

  async read(): Promise<void> {
    this.jobs.push(...(await drainDeadLetters(this.sqs, this.queues.jobs)));
    for (const hop of ['producer', 'enricher'] as const) {
      for (const letter of await drainDeadLetters(this.sqs, this.queues[hop])) {
        this[hop].push(letter);
        const id = eventIdOfDeadLetter(letter);
        if (id !== undefined) this.ids.add(id);
      }
    }
  }
}
