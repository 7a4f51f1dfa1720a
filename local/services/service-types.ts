/**
 * The typed contract every service backend (local processes or testcontainers) fulfils:
 * callers get endpoints and a stop function, never ports or process ids to juggle.
 */
import type { LocalAwsEndpoint } from '../../common/aws-clients.js';

export { LOCAL_AWS_CREDENTIALS, LOCAL_AWS_REGION, type LocalAwsEndpoint } from '../../common/aws-clients.js';

export const SERVICE_NAMES = ['elasticsearch', 'kinesis', 'dynamodb', 'redis', 'redis-cluster', 'sqs', 's3', 'secretsmanager'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

export interface ServiceEndpoints {
  /** Local processes run without security; the testcontainers image needs basic auth. */
  readonly elasticsearch: { readonly url: string; readonly auth?: { readonly username: string; readonly password: string } };
  readonly kinesis: LocalAwsEndpoint;
  readonly dynamodb: LocalAwsEndpoint;
  readonly redis: { readonly url: string; readonly host: string; readonly port: number };
  /** A Redis Cluster (cluster mode, as ElastiCache Serverless is): `url` is one node, `nodes` all masters. */
  readonly 'redis-cluster': { readonly url: string; readonly nodes: readonly { readonly host: string; readonly port: number }[] };
  readonly sqs: LocalAwsEndpoint;
  /** S3 clients must use path-style addressing (`forcePathStyle`): no bucket subdomains on a loopback address. */
  readonly s3: LocalAwsEndpoint;
  readonly secretsmanager: LocalAwsEndpoint;
}

/** Which implementation serves the endpoints: child processes on this machine, or containers. */
export type ServiceBackend = 'local-processes' | 'testcontainers';

export interface RunningServices<N extends ServiceName = ServiceName> {
  readonly backend: ServiceBackend;
  readonly endpoints: Pick<ServiceEndpoints, N>;
  /** Stops every service this handle started; safe to call more than once. */
  stop(): Promise<void>;
}

export type { ProgressLog } from '../../common/progress-log.js';


export function isServiceName(value: string): value is ServiceName {
  return (SERVICE_NAMES as readonly string[]).includes(value);
}
