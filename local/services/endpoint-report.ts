import type { ServiceEndpoints, ServiceName } from './service-types.js';

/** One line per service, the address a user pastes into a client. */
export function describeEndpoints(endpoints: Partial<ServiceEndpoints>): string[] {
  const lines: string[] = [];
  const row = (name: ServiceName, address: string): void => {
    lines.push(`  ${name.padEnd(16)}${address}`);
  };
  if (endpoints.elasticsearch !== undefined) row('elasticsearch', endpoints.elasticsearch.url);
  if (endpoints.kinesis !== undefined) row('kinesis', `${endpoints.kinesis.endpoint} (region ${endpoints.kinesis.region})`);
  if (endpoints.dynamodb !== undefined) row('dynamodb', `${endpoints.dynamodb.endpoint} (region ${endpoints.dynamodb.region})`);
  if (endpoints.redis !== undefined) row('redis', endpoints.redis.url);
  const cluster = endpoints['redis-cluster'];
  if (cluster !== undefined) row('redis-cluster', `${cluster.nodes.map((node) => `${node.host}:${String(node.port)}`).join(', ')} (cluster mode)`);
  if (endpoints.sqs !== undefined) row('sqs', `${endpoints.sqs.endpoint} (region ${endpoints.sqs.region})`);
  if (endpoints.secretsmanager !== undefined) row('secretsmanager', `${endpoints.secretsmanager.endpoint} (region ${endpoints.secretsmanager.region})`);
  if (endpoints.s3 !== undefined) row('s3', `${endpoints.s3.endpoint} (region ${endpoints.s3.region}, path-style)`);
  return lines;
}
