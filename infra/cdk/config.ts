/**
 * The CDK app's settings, typed and validated: what differs between environments (region, stream
 * capacity, the enricher's event source settings, the ML endpoint, where alarms go). Defaults suit a
 * first deploy; `npm run synth -- --config <file.json>` overrides any of them.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { formatZodIssues } from '../../common/zod-issues.js';

const streamCapacity = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('on-demand') }),
  z.object({ mode: z.literal('provisioned'), rawShards: z.number().int().min(1), featureShards: z.number().int().min(1) }),
]);

export const infraConfigSchema = z.object({
  /** Prefix of every resource name: stacks, streams, tables, applications. */
  name: z.string().regex(/^[a-z][a-z0-9-]{1,30}$/, 'lower-case letters, digits and dashes, starting with a letter').default('clickstream'),
  account: z.string().regex(/^\d{12}$/).optional(),
  region: z.string().min(1).default('us-east-1'),
  streams: streamCapacity.default({ mode: 'on-demand' }),
  /** Hours the raw and features streams keep records (24-8760): how far back a job can recompute. */
  retentionHours: z.number().int().min(24).max(8760).default(24),
  enricher: z
    .object({
      batchSize: z.number().int().min(1).max(10_000).default(100),
      batchingWindowSeconds: z.number().int().min(0).max(300).default(1),
      parallelizationFactor: z.number().int().min(1).max(10).default(1),
      maxRetryAttempts: z.number().int().min(0).max(10_000).default(3),
      maxRecordAgeSeconds: z.number().int().min(60).max(604_800).default(3600),
      reservedConcurrency: z.number().int().min(1).optional(),
      memoryMb: z.number().int().min(128).max(10_240).default(512),
      timeoutSeconds: z.number().int().min(1).max(900).default(30),
    })
    .prefault({}),
  /** The producer's ECS Fargate service (infra/cdk/producer-service.ts): Elasticsearch -> the raw stream. */
  producer: z
    .object({
      /** Elasticsearch as seen from the private subnets (Elastic Cloud via the NAT gateway, or a cluster in the VPC). */
      elasticsearchUrl: z.url().default('https://elasticsearch.internal.example:9200'),
      index: z.string().min(1).default('clickstream-*'),
      /** A Secrets Manager secret (name) holding an Elasticsearch API key, given to the task as ES_API_KEY; none: no auth. */
      elasticsearchApiKeySecret: z.string().min(1).optional(),
      /** Fargate task size (arm64); the capacity model's producer figures assume 1 vCPU and 2 GB. */
      cpu: z.union([z.literal(256), z.literal(512), z.literal(1024), z.literal(2048), z.literal(4096)]).default(1024),
      memoryMiB: z.number().int().min(512).max(30_720).default(2048),
      pageSize: z.number().int().min(1).max(10_000).default(1000),
      slices: z.number().int().min(1).max(64).default(1),
      lanes: z.number().int().min(1).max(64).default(4),
    })
    .prefault({}),
  /** The Open Inference Protocol v2 endpoint the enricher calls. */
  mlEndpoint: z.url().default('https://ml.internal.example/'),
  modelName: z.string().min(1).default('click-anomaly'),
  predictionTtlDays: z.number().positive().default(30),
  /** Days between rotations of the cache user's password (infra/cache-rotation/). */
  cachePasswordRotationDays: z.number().int().min(1).max(1000).default(30),
  /** Days the payloads of oversized dead letters are kept (the queues keep the messages 14 days). */
  deadLetterPayloadDays: z.number().int().min(14).default(90),
  /** Alarm thresholds (infra/cdk/observability-stack.ts). */
  alarms: z
    .object({
      /** Stream readers, Flink sources and the enricher further behind than this alarm. */
      lagMs: z.number().int().positive().default(60_000),
      /** Cache p99 read latency, microseconds. */
      cacheReadP99Micros: z.number().positive().default(2_000),
      /** Share of ML API calls failing after retries, percent. */
      mlErrorRatePercent: z.number().min(0).max(100).default(5),
      mlLatencyP99Ms: z.number().positive().default(500),
    })
    .prefault({}),
  /** Where alarms are sent; none: the topic exists without subscribers. */
  alarmEmail: z.email().optional(),
});

export type InfraConfig = z.infer<typeof infraConfigSchema>;

export function infraConfig(overrides: unknown = {}): InfraConfig {
  const parsed = infraConfigSchema.safeParse(overrides);
  if (parsed.success) return parsed.data;
  throw new Error(`invalid infrastructure config: ${formatZodIssues(parsed.error.issues, '(root)')}`);
}

export function readInfraConfig(path: string): InfraConfig {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read the infrastructure config ${path}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return infraConfig(json);
}
