/**
 * The enricher's configuration: its environment, checked once per container. What it learns from the compiled
 * jobs (the feature sets on the features stream, the reference tables' key prefixes) arrives here too, so the
 * Lambda holds no job definition and no DSL.
 */
import { z } from 'zod';
import { payloadStoreLocation } from '../common/dead-letter/payload-stores.js';
import { formatZodIssues } from '../common/zod-issues.js';
import { MODEL_NAME } from '../model/features.js';
import { FEATURE_SET } from './feature-row.js';

const configSchema = z.object({
  PREDICTIONS_TABLE: z.string().min(1),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must be redis://host:port or rediss://host:port (TLS)'),
  /** `cluster` for a Redis Cluster, as ElastiCache Serverless is (the CDK app sets it); `standalone` for one server. */
  REDIS_MODE: z.enum(['standalone', 'cluster']).default('standalone'),
  ML_ENDPOINT: z.url(),
  MODEL_NAME: z.string().min(1).default(MODEL_NAME),
  DEAD_LETTER_QUEUE: z.string().min(1),
  ML_TIMEOUT_MS: z.coerce.number().int().positive().default(1_000),
  ML_MAX_ROWS_PER_REQUEST: z.coerce.number().int().positive().default(1_000),
  LOOKUP_BUDGET_MS: z.coerce.number().int().positive().default(20),
  MISSING_REFERENCE: z.enum(['score', 'retry', 'dead-letter']).default('score'),
  PREDICTION_TTL_DAYS: z.coerce.number().positive().default(30),
  AWS_REGION: z.string().min(1).default('us-east-1'),
  /** Local emulators only; in AWS the SDK's defaults apply. */
  DYNAMODB_ENDPOINT: z.url().optional(),
  SQS_ENDPOINT: z.url().optional(),
  SECRETS_MANAGER_ENDPOINT: z.url().optional(),
  /**
   * Secrets Manager secret `{ "username", "password" }` of the cache user (ElastiCache user groups);
   * without it the connection authenticates as the URL says (nothing, or `rediss://user:pass@host`).
   */
  REDIS_AUTH_SECRET_ARN: z.string().min(1).optional(),
  S3_ENDPOINT: z.url().optional(),
  /**
   * Where dead letters too large for SQS keep their payload: `s3://bucket/prefix/` in AWS, where
   * Lambda's disk is gone with its container; `file:<folder>` locally. Required: a default folder
   * in Lambda would lose them.
   */
  DEAD_LETTER_PAYLOADS: payloadStoreLocation,
  /**
   * Every feature set the jobs write to the features stream, comma-separated, as the compiled manifest lists them
   * (infra/enricher-environment.ts derives it). The stream is shared: rows of the others are skipped, counted;
   * a feature set in none of them is a broken row and is dead-lettered. It must include the one this model scores.
   */
  FEATURE_SETS: z
    .string()
    .transform((value) => new Set(value.split(',').map((name) => name.trim()).filter((name) => name !== '')))
    .refine((names) => names.has(FEATURE_SET), { message: `must include '${FEATURE_SET}', the feature set this model scores` }),
  /** The Redis key prefix of each reference table the enricher looks up, as JSON (`{"zip_codes":"zip:","ip_networks":"ip:"}`), from jobs/sources.ts. */
  REFERENCE_KEY_PREFIXES: z
    .string()
    .transform((value, context) => {
      try {
        return JSON.parse(value) as unknown;
      } catch {
        context.addIssue({ code: 'custom', message: 'must be JSON' });
        return z.NEVER;
      }
    })
    .pipe(z.object({ zip_codes: z.string().min(1), ip_networks: z.string().min(1) })),
});

export type EnricherConfig = z.infer<typeof configSchema>;

/** The configuration in `environment`; an error naming every variable that is missing or wrong. */
export function enricherConfigFromEnv(environment: NodeJS.ProcessEnv): EnricherConfig {
  const parsed = configSchema.safeParse(environment);
  if (parsed.success) return parsed.data;
  throw new Error(`invalid enricher configuration: ${formatZodIssues(parsed.error.issues)}`);
}
