import { ELASTICSEARCH_VERSION } from './elasticsearch-service.js';
import { localAwsEndpoint } from './aws-probe.js';
import { ContainerRuntimeUnavailableError } from './service-errors.js';
import type { ProgressLog, RunningServices, ServiceEndpoints, ServiceName } from './service-types.js';

/** Images matching the local-process versions, so both paths test against the same servers. */
const IMAGES = {
  elasticsearch: `docker.elastic.co/elasticsearch/elasticsearch:${ELASTICSEARCH_VERSION}`,
  localstack: 'localstack/localstack:4.4',
  redis: 'redis:7.4-alpine',
} as const;

interface StoppableContainer {
  stop(): Promise<unknown>;
}

/**
 * Checks that testcontainers can reach a container runtime; throws a clear error naming the way back
 * to the default path when it cannot. Used both to fail `USE_TESTCONTAINERS=1` early and to decide
 * whether the testcontainers smoke test can run on this machine.
 */
export async function containerRuntimeProblem(): Promise<string | undefined> {
  const { getContainerRuntimeClient } = await import('testcontainers');
  try {
    await getContainerRuntimeClient();
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/**
 * The same services as containers: Elasticsearch from Elastic's image, Kinesis and DynamoDB from one
 * LocalStack container, Redis from the official image. Selected explicitly with USE_TESTCONTAINERS=1;
 * testcontainers' own reaper (Ryuk) removes the containers if this process dies.
 */
export async function startContainerServices<N extends ServiceName>(options: {
  readonly services: readonly N[];
  readonly log: ProgressLog;
}): Promise<RunningServices<N>> {
  const problem = await containerRuntimeProblem();
  if (problem !== undefined) {
    throw new ContainerRuntimeUnavailableError(
      `USE_TESTCONTAINERS=1 was set, but no container runtime is reachable (${problem}). ` +
        'Start Docker or Podman, or unset USE_TESTCONTAINERS to run the services as local processes (the default).',
    );
  }
  options.log('service backend: testcontainers (USE_TESTCONTAINERS=1)');
  const wanted = new Set<ServiceName>(options.services);
  const containers: StoppableContainer[] = [];
  const endpoints: Partial<Record<ServiceName, ServiceEndpoints[ServiceName]>> = {};
  try {
    const starts: Promise<void>[] = [];
    if (wanted.has('elasticsearch')) {
      starts.push(
        (async () => {
          const { ElasticsearchContainer } = await import('@testcontainers/elasticsearch');
          const container = await new ElasticsearchContainer(IMAGES.elasticsearch)
            .withEnvironment({ ES_JAVA_OPTS: '-Xms512m -Xmx512m' })
            .start();
          containers.push(container);
          endpoints.elasticsearch = {
            url: container.getHttpUrl(),
            auth: { username: container.getUsername(), password: container.getPassword() },
          };
        })(),
      );
    }
    if (wanted.has('kinesis') || wanted.has('dynamodb') || wanted.has('sqs') || wanted.has('s3') || wanted.has('secretsmanager')) {
      starts.push(
        (async () => {
          const { LocalstackContainer } = await import('@testcontainers/localstack');
          const container = await new LocalstackContainer(IMAGES.localstack).withEnvironment({ SERVICES: 'kinesis,dynamodb,sqs,s3,secretsmanager' }).start();
          containers.push(container);
          const endpoint = localAwsEndpoint(container.getConnectionUri());
          if (wanted.has('kinesis')) endpoints.kinesis = endpoint;
          if (wanted.has('dynamodb')) endpoints.dynamodb = endpoint;
          if (wanted.has('sqs')) endpoints.sqs = endpoint;
          if (wanted.has('s3')) endpoints.s3 = endpoint;
          if (wanted.has('secretsmanager')) endpoints.secretsmanager = endpoint;
        })(),
      );
    }
    if (wanted.has('redis')) {
      starts.push(
        (async () => {
          const { RedisContainer } = await import('@testcontainers/redis');
          const container = await new RedisContainer(IMAGES.redis).start();
          containers.push(container);
          const url = new URL(container.getConnectionUrl());
          endpoints.redis = { url: container.getConnectionUrl(), host: url.hostname, port: Number(url.port) };
        })(),
      );
    }
    if (wanted.has('redis-cluster')) {
      starts.push(
        (async () => {
          // No image serves a Redis Cluster whose nodes announce the ports the host maps, so the
          // cluster runs as local processes (Debian's redis-server) beside the containers.
          options.log('redis-cluster: local processes (a Redis Cluster in a container announces ports the host cannot reach)');
          const { startLocalServices } = await import('./local-process-backend.js');
          const local = await startLocalServices({ services: ['redis-cluster'], log: options.log, lifetime: 'owned' });
          containers.push(local);
          endpoints['redis-cluster'] = local.endpoints['redis-cluster'];
        })(),
      );
    }
    const outcomes = await Promise.allSettled(starts);
    const failure = outcomes.find((outcome) => outcome.status === 'rejected');
    if (failure !== undefined) throw failure.reason;
  } catch (error) {
    await Promise.allSettled(containers.map((container) => container.stop()));
    throw error;
  }
  for (const name of wanted) options.log(`${name} ready (container)`);
  let stopped: Promise<void> | undefined;
  return {
    backend: 'testcontainers',
    endpoints: endpoints as Pick<ServiceEndpoints, N>,
    stop: () => {
      stopped ??= Promise.allSettled(containers.map((container) => container.stop())).then(() => undefined);
      return stopped;
    },
  };
}
