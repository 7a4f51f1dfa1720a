/**
 * The producer's typed configuration, from command-line flags over environment variables over
 * defaults. AWS credentials are never part of it: they come from the SDK's default provider chain
 * (locally, the emulators' fixed credentials are used only for a local endpoint).
 */
import { z } from 'zod';
import { payloadStoreLocation } from '../common/dead-letter/payload-stores.js';
import { UserError } from '../common/user-error.js';

/** The producer's flags or environment are missing or wrong: the message names the flag and its variable. */
export class ProducerConfigError extends UserError {
  override readonly name = 'ProducerConfigError';
}

/** Flag name -> environment variable, for the help text and for reading the environment. */
export const ENVIRONMENT = {
  'es-url': 'ES_URL',
  'es-username': 'ES_USERNAME',
  'es-password': 'ES_PASSWORD',
  'es-api-key': 'ES_API_KEY',
  index: 'ES_INDEX',
  'sort-field': 'ES_SORT_FIELD',
  query: 'ES_QUERY',
  'page-size': 'PAGE_SIZE',
  slices: 'ES_SLICES',
  stream: 'RAW_STREAM',
  'dead-letter': 'DEAD_LETTER',
  'payload-store': 'DEAD_LETTER_PAYLOADS',
  region: 'AWS_REGION',
  'kinesis-endpoint': 'KINESIS_ENDPOINT',
  'dynamodb-endpoint': 'DYNAMODB_ENDPOINT',
  'sqs-endpoint': 'SQS_ENDPOINT',
  's3-endpoint': 'S3_ENDPOINT',
  lanes: 'PUT_LANES',
  'max-attempts': 'PUT_MAX_ATTEMPTS',
  checkpoint: 'CHECKPOINT',
  from: 'FROM',
  to: 'TO',
  overlap: 'TAIL_OVERLAP',
  'poll-interval': 'TAIL_POLL_INTERVAL',
  'reread-every': 'TAIL_REREAD_EVERY',
} as const satisfies Readonly<Record<string, string>>;

export type ProducerFlag = keyof typeof ENVIRONMENT;

/** An instant as epoch ms, written as ISO-8601 (a zone-less one is UTC) or epoch milliseconds. */
export const instant = z.string().transform((text, context) => {
  const trimmed = text.trim();
  const millis = /^\d+$/.test(trimmed) ? Number(trimmed) : Date.parse(/(Z|[+-]\d{2}:?\d{2})$/i.test(trimmed) || trimmed.length <= 10 ? trimmed : `${trimmed}Z`);
  if (Number.isNaN(millis)) {
    context.addIssue({ code: 'custom', message: `'${text}' is not a time; write ISO-8601 (2026-11-23T10:00:00Z) or epoch milliseconds` });
    return z.NEVER;
  }
  return millis;
});

/** A duration flag like `30s`, `2 min`, `500ms`, as milliseconds (also what `npm start`'s flags take). */
export const duration = z.string().transform((text, context) => {
  const match = /^(\d+)\s*(ms|s|sec|m|min|h)$/.exec(text.trim());
  if (match === null) {
    context.addIssue({ code: 'custom', message: `'${text}' is not a duration; write e.g. 500ms, 30s, 2min, 1h` });
    return z.NEVER;
  }
  const unit = { ms: 1, s: 1000, sec: 1000, m: 60_000, min: 60_000, h: 3_600_000 }[match[2] as 'ms' | 's' | 'sec' | 'm' | 'min' | 'h'];
  return Number(match[1]) * unit;
});

const jsonObject = z.string().transform((text, context) => {
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // reported below
  }
  context.addIssue({ code: 'custom', message: 'must be an Elasticsearch query as a JSON object, e.g. {"term":{"site":"shop"}}' });
  return z.NEVER;
});

const checkpoint = z.string().transform((text, context) => {
  if (text.startsWith('file:')) return { kind: 'file' as const, path: text.slice('file:'.length) };
  const dynamo = /^dynamodb:([A-Za-z0-9_.-]{3,255})\/(.+)$/.exec(text);
  if (dynamo?.[1] !== undefined && dynamo[2] !== undefined) return { kind: 'dynamodb' as const, table: dynamo[1], name: dynamo[2] };
  context.addIssue({ code: 'custom', message: `'${text}' is not a checkpoint location; write file:<path> or dynamodb:<table>/<name>` });
  return z.NEVER;
});

const deadLetter = z.string().transform((text, context) => {
  const match = /^(sqs|kinesis):(.+)$/.exec(text);
  if (match?.[1] === 'sqs' && match[2] !== undefined) return { kind: 'sqs' as const, queue: match[2] };
  if (match?.[1] === 'kinesis' && match[2] !== undefined) return { kind: 'kinesis' as const, stream: match[2] };
  context.addIssue({ code: 'custom', message: `'${text}' is not a dead-letter destination; write sqs:<queue name or URL> or kinesis:<stream>` });
  return z.NEVER;
});

const count = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

export const producerConfigSchema = z.object({
  'es-url': z.url(),
  'es-username': z.string().optional(),
  'es-password': z.string().optional(),
  'es-api-key': z.string().optional(),
  index: z.string().min(1).default('clickstream-*'),
  'sort-field': z.string().min(1).default('@timestamp'),
  query: jsonObject.optional(),
  'page-size': count(1, 10_000).default(1000),
  slices: count(1, 64).default(1),
  stream: z.string().min(1).default('raw'),
  'dead-letter': deadLetter.default({ kind: 'sqs', queue: 'clickstream-producer-dlq' }),
  'payload-store': payloadStoreLocation.default({ kind: 'folder', path: '.cache/producer/dead-letter-payloads' }),
  region: z.string().min(1).default('us-east-1'),
  'kinesis-endpoint': z.url().optional(),
  'dynamodb-endpoint': z.url().optional(),
  'sqs-endpoint': z.url().optional(),
  's3-endpoint': z.url().optional(),
  lanes: count(1, 64).default(4),
  'max-attempts': count(1, 50).default(8),
  checkpoint: checkpoint.optional(),
  from: instant.optional(),
  to: instant.optional(),
  overlap: duration.default(30_000),
  'poll-interval': duration.default(1_000),
  'reread-every': duration.default(5_000),
});

export type ProducerConfig = z.infer<typeof producerConfigSchema>;

/** Flags win over the environment; unset values take the defaults. Errors name the flag and its variable. */
export function resolveConfig(flags: Readonly<Record<string, string | undefined>>, environment: NodeJS.ProcessEnv): ProducerConfig {
  const merged: Record<string, string> = {};
  for (const [flag, variable] of Object.entries(ENVIRONMENT)) {
    const value = flags[flag] ?? environment[variable];
    if (value !== undefined && value !== '') merged[flag] = value;
  }
  const parsed = producerConfigSchema.safeParse(merged);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const flag = String(issue.path[0] ?? '');
    const variable = (ENVIRONMENT as Readonly<Record<string, string | undefined>>)[flag];
    const value = merged[flag];
    const where = variable === undefined ? flag : `--${flag} (or ${variable})`;
    return value === undefined ? `${where}: ${issue.message === 'Invalid input: expected string, received undefined' ? 'is required' : issue.message}` : `${where}: ${issue.message}`;
  });
  throw new ProducerConfigError(`invalid producer configuration:\n  ${problems.join('\n  ')}`);
}
