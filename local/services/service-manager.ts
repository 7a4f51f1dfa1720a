import { dynamodbAnswers, kinesisAnswers, s3Answers, secretsManagerAnswers, sqsAnswers } from './aws-probe.js';
import { aliveInstances, readDaemonState } from './daemon-state.js';
import { startLocalServices } from './local-process-backend.js';
import { clusterAnswers } from './redis-cluster-service.js';
import { redisAnswers } from './redis-service.js';
import { startContainerServices } from './testcontainers-backend.js';
import type { ProgressLog, RunningServices, ServiceEndpoints, ServiceName } from './service-types.js';

export interface StartServicesOptions<N extends ServiceName> {
  readonly services: readonly N[];
  readonly log: ProgressLog;
}

/**
 * The one entry point tests and `npm start` use. Picks the backend and says which:
 * - `USE_TESTCONTAINERS=1`: containers (fails clearly when no container runtime is reachable);
 * - services already started by `npm run services -- up` that all answer: reused, left running
 *   (set CLICKSTREAM_REUSE_SERVICES=0 to always start fresh ones);
 * - otherwise: local child processes owned by this process.
 */
export async function startServices<N extends ServiceName>(options: StartServicesOptions<N>): Promise<RunningServices<N>> {
  if (process.env.USE_TESTCONTAINERS === '1') return startContainerServices(options);
  if (process.env.CLICKSTREAM_REUSE_SERVICES !== '0') {
    const reused = await reuseDaemonServices(options.services);
    if (reused !== undefined) {
      options.log(`service backend: reusing the services started by \`npm run services -- up\` (${options.services.join(', ')})`);
      return reused;
    }
  }
  options.log('service backend: local processes');
  return startLocalServices({ ...options, lifetime: 'owned' });
}

async function reuseDaemonServices<N extends ServiceName>(services: readonly N[]): Promise<RunningServices<N> | undefined> {
  const state = readDaemonState();
  if (state === undefined) return undefined;
  const alive = new Set(aliveInstances(state).map((instance) => instance.name));
  if (!services.every((name) => alive.has(name))) return undefined;
  const endpoints = state.endpoints;
  const answers = await Promise.all(services.map((name) => serviceAnswers(name, endpoints).catch(() => false)));
  if (!answers.every(Boolean)) return undefined;
  return {
    backend: 'local-processes',
    endpoints: endpoints as Pick<ServiceEndpoints, N>,
    // Not ours to stop: `npm run services -- down` does that.
    stop: () => Promise.resolve(),
  };
}

async function serviceAnswers(name: ServiceName, endpoints: Partial<ServiceEndpoints>): Promise<boolean> {
  switch (name) {
    case 'elasticsearch':
      return endpoints.elasticsearch !== undefined && (await fetch(`${endpoints.elasticsearch.url}/_cluster/health`)).ok;
    case 'kinesis':
      return endpoints.kinesis !== undefined && kinesisAnswers(endpoints.kinesis);
    case 'dynamodb':
      return endpoints.dynamodb !== undefined && dynamodbAnswers(endpoints.dynamodb);
    case 'redis':
      return endpoints.redis !== undefined && redisAnswers(endpoints.redis.port);
    case 'redis-cluster': {
      const cluster = endpoints['redis-cluster'];
      return cluster !== undefined && clusterAnswers(cluster.nodes.map((node) => node.port));
    }
    case 'sqs':
      return endpoints.sqs !== undefined && sqsAnswers(endpoints.sqs);
    case 's3':
      return endpoints.s3 !== undefined && s3Answers(endpoints.s3);
    case 'secretsmanager':
      return endpoints.secretsmanager !== undefined && secretsManagerAnswers(endpoints.secretsmanager);
  }
}
