/**
 * Proves, without an AWS account, that compiled jobs can run on the infrastructure the CDK app
 * describes: every stream, consumer, bucket path, secret, cache and dead-letter queue a job's SQL
 * names exists in the app's templates, and the role the Managed Flink applications run as may use it. Run by `npm test`
 * (over `npm run synth`'s templates and jobs compiled from its outputs) and by deploy-jobs before it
 * changes anything. Each finding names the job, the resource and what is missing.
 *
 * The actions required per resource, and their sources:
 * - a stream read (FlinkKinesisConsumer, polling): kinesis:ListShards, GetShardIterator, GetRecords,
 *   DescribeStream on the stream (FLINK-31108 lists the calls the source makes);
 * - a stream read by an enhanced fan-out consumer the connector registers: also
 *   kinesis:RegisterStreamConsumer and DescribeStreamSummary on the stream, and DescribeStreamConsumer,
 *   SubscribeToShard and DeregisterStreamConsumer on the consumer's ARN
 *   (`<stream ARN>/consumer/<name>:<creation time>`, Kinesis API reference of each action);
 * - a stream write (KinesisStreamsSink): kinesis:PutRecords;
 * - a reference file: s3:GetObject on the object; a data-lake folder: s3:PutObject, GetObject,
 *   DeleteObject, AbortMultipartUpload on its objects and s3:ListBucket on the bucket (Flink's S3
 *   recoverable writer); kms:Decrypt (and kms:GenerateDataKey to write) on a bucket's KMS key;
 * - a secret: secretsmanager:GetSecretValue;
 * - dead letters (the runner's kinesis-dead-lettering source): the queue its `dead-letter.queue-url` names is one
 *   of the app's (a queue's Ref is its URL https://sqs.<region>.amazonaws.com/<account>/<name>, CloudFormation
 *   AWS::SQS::Queue "Return values"), in the region compiled for; sqs:SendMessage on the queue's ARN (SendMessage
 *   in the Amazon SQS API reference and the Service Authorization Reference); for a queue encrypted with a
 *   customer managed KMS key, kms:GenerateDataKey and kms:Decrypt on that key (Amazon SQS Developer Guide, "Key
 *   management": what a producer to an SSE-KMS queue needs; the AWS managed alias/aws/sqs key's policy already
 *   admits every principal of the account that may use SQS); and for `dead-letter.payloads`, s3:PutObject on
 *   `<folder>/<job>/...` (the runner's name for an oversized record) with kms:GenerateDataKey on the bucket's KMS
 *   key (Amazon S3 User Guide, "Using server-side encryption with AWS KMS keys": uploading an object). Puts only:
 *   the runner never reads a payload back, so no s3:ListBucket or GetObject is required;
 * - the application itself (Managed Flink developer guide, "Create an IAM role" and "Set up application
 *   logging"): the role trusts kinesisanalytics.amazonaws.com; s3:GetObject on the runner jar and the
 *   script; logs:DescribeLogGroups, logs:DescribeLogStreams on the group, logs:PutLogEvents on the stream.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { JobResource } from '../../sql/compiler/job-resources.js';
import { OUTPUT } from '../cdk/stack-outputs.js';
import { RoleGrants } from './role-grants.js';
import type { AppResource, TemplateValues } from './template-values.js';

export interface CheckedJob {
  readonly name: string;
  readonly resources: readonly JobResource[];
}

export interface DeploymentFinding {
  /** The job the finding is about; none for what every application needs. */
  readonly job?: string;
  /** The resource as the job names it (a stream name, an s3:// URI, an ARN). */
  readonly resource: string;
  readonly problem: string;
}

export interface CheckInput {
  readonly jobs: readonly CheckedJob[];
  readonly values: TemplateValues;
  /** The repository's reference/ folder: a reference file under the artifact bucket's reference/ prefix must exist there to be uploaded. */
  readonly referenceDir?: string;
}

const STREAM_READ = ['kinesis:ListShards', 'kinesis:GetShardIterator', 'kinesis:GetRecords', 'kinesis:DescribeStream'];
const EFO_STREAM = ['kinesis:RegisterStreamConsumer', 'kinesis:DescribeStreamSummary'];
const EFO_CONSUMER = ['kinesis:DescribeStreamConsumer', 'kinesis:SubscribeToShard', 'kinesis:DeregisterStreamConsumer'];
const STREAM_WRITE = ['kinesis:PutRecords'];
const FOLDER_WRITE = ['s3:PutObject', 's3:GetObject', 's3:DeleteObject', 's3:AbortMultipartUpload'];
const QUEUE_SEND = ['sqs:SendMessage'];
/** A producer to an SSE-KMS queue (Amazon SQS Developer Guide, "Key management"). */
const QUEUE_KEY_SEND = ['kms:GenerateDataKey', 'kms:Decrypt'];
const PAYLOAD_PUT = ['s3:PutObject'];
const MANAGED_FLINK_SERVICE = 'kinesisanalytics.amazonaws.com';
/** A stand-in for the creation time that ends a consumer's ARN. */
const CONSUMER_SUFFIX = '1700000000';

function parseS3(uri: string): { bucket: string; key: string } | undefined {
  const match = /^s3a?:\/\/([^/]+)\/?(.*)$/.exec(uri);
  return match === null ? undefined : { bucket: match[1] ?? '', key: match[2] ?? '' };
}

class Checker {
  readonly findings: DeploymentFinding[] = [];
  private readonly grants: RoleGrants | undefined;

  constructor(private readonly input: CheckInput) {
    const role = input.values.outputResource(OUTPUT.flinkRoleArn);
    if (role?.resource.Type !== 'AWS::IAM::Role') {
      this.findings.push({ resource: OUTPUT.flinkRoleArn, problem: `the CDK app has no output ${OUTPUT.flinkRoleArn} naming the role the Flink applications run as` });
      return;
    }
    this.grants = new RoleGrants(input.values, role);
  }

  private lacks(job: string | undefined, resource: string, actions: readonly string[], arn: string): void {
    if (this.grants === undefined) return;
    const missing = this.grants.missing(actions, arn);
    if (missing.length > 0) this.findings.push({ ...(job === undefined ? {} : { job }), resource, problem: `role ${this.grants.roleName} lacks ${missing.join(', ')} on ${arn}` });
  }

  private bucketNamed(name: string): AppResource | undefined {
    return this.input.values.resourcesOfType('AWS::S3::Bucket').find((bucket) => this.input.values.ref(bucket) === name);
  }

  private bucketKey(bucket: AppResource): string | undefined {
    const configuration = bucket.resource.Properties?.BucketEncryption as { ServerSideEncryptionConfiguration?: { ServerSideEncryptionByDefault?: { KMSMasterKeyID?: unknown } }[] } | undefined;
    const key = configuration?.ServerSideEncryptionConfiguration?.[0]?.ServerSideEncryptionByDefault?.KMSMasterKeyID;
    return key === undefined ? undefined : this.input.values.resolve(key, bucket.stack);
  }

  /**
   * Objects of `uri` may be used: the bucket exists, the role may perform `actions` on the object and use the
   * bucket's KMS key. `read`: kms:Decrypt; `write` (Flink's recoverable writer, which also lists and reads back):
   * s3:ListBucket on the bucket, kms:Decrypt and kms:GenerateDataKey; `put` (one object, never read back):
   * kms:GenerateDataKey.
   */
  private s3(job: string | undefined, uri: string, actions: readonly string[], use: 'read' | 'write' | 'put'): void {
    const location = parseS3(uri);
    if (location === undefined) {
      this.findings.push({ ...(job === undefined ? {} : { job }), resource: uri, problem: 'not an s3:// URI: Managed Flink reads files from S3' });
      return;
    }
    const bucket = this.bucketNamed(location.bucket);
    if (bucket === undefined) {
      this.findings.push({ ...(job === undefined ? {} : { job }), resource: uri, problem: `the CDK app has no bucket '${location.bucket}'` });
      return;
    }
    this.lacks(job, uri, actions, `arn:aws:s3:::${location.bucket}/${location.key}`);
    if (use === 'write') this.lacks(job, uri, ['s3:ListBucket'], `arn:aws:s3:::${location.bucket}`);
    const key = this.bucketKey(bucket);
    const keyActions = { read: ['kms:Decrypt'], write: ['kms:Decrypt', 'kms:GenerateDataKey'], put: ['kms:GenerateDataKey'] }[use];
    if (key !== undefined) this.lacks(job, uri, keyActions, key);
  }

  /**
   * The KMS key a queue encrypts with, as an ARN the role's policies can name: none for an unencrypted or SQS-managed
   * (SSE-SQS) queue, or the AWS managed alias/aws/sqs key, whose key policy admits the account's SQS users.
   */
  private queueKey(queue: AppResource, job: string, label: string): string | undefined {
    const { values } = this.input;
    const raw = queue.resource.Properties?.KmsMasterKeyId;
    if (raw === undefined) return undefined;
    const key = values.resolve(raw, queue.stack);
    if (/^(arn:[^:]+:kms:[^:]*:[^:]*:)?alias\/aws\//.test(key)) return undefined;
    if (key.startsWith('arn:')) return key;
    if (key.startsWith('alias/') || key.includes(':alias/')) {
      this.findings.push({ job, resource: label, problem: `the queue's KMS key is given by an alias (${key}): the check cannot tell which key it names, and a policy grants the use of a key by the key's ARN; give KmsMasterKeyId the key's ARN` });
      return undefined;
    }
    // A key ID: the key's ARN in the queue's region and account.
    return `arn:aws:kms:${values.resolve({ Ref: 'AWS::Region' }, queue.stack)}:${values.resolve({ Ref: 'AWS::AccountId' }, queue.stack)}:key/${key}`;
  }

  private deadLetters(job: string, resource: Extract<JobResource, { kind: 'dead-letters' }>): void {
    const { values } = this.input;
    if (resource.queueUrl === undefined) {
      this.findings.push({ job, resource: `dead letters of table ${resource.table}`, problem: `compiled to go to a local file (${resource.path ?? 'no path'}), not to an SQS queue: compile with --target aws` });
      return;
    }
    const label = `dead-letter queue ${resource.queueUrl} (table ${resource.table})`;
    const queues = values.resourcesOfType('AWS::SQS::Queue');
    const queue = queues.find((candidate) => values.ref(candidate) === resource.queueUrl);
    if (queue === undefined) {
      this.findings.push({ job, resource: label, problem: `the CDK app has no queue of that URL (its queues: ${queues.map((candidate) => values.ref(candidate)).join(', ') || 'none'})` });
    } else {
      const region = values.resolve({ Ref: 'AWS::Region' }, queue.stack);
      if (resource.region !== undefined && resource.region !== region) this.findings.push({ job, resource: label, problem: `compiled for region ${resource.region}, but the queue is in ${region}` });
      this.lacks(job, label, QUEUE_SEND, values.getAtt(queue, 'Arn'));
      const key = this.queueKey(queue, job, label);
      if (key !== undefined) this.lacks(job, label, QUEUE_KEY_SEND, key);
    }
    // The runner puts an oversized letter's record at <payloads>/<job>/<stream>-<shard>-<sequence>-<sha12>.
    if (resource.payloads !== undefined) this.s3(job, `${resource.payloads.replace(/\/+$/, '')}/${job}/record`, PAYLOAD_PUT, 'put');
  }

  private stream(job: string, resource: Extract<JobResource, { kind: 'stream' }>): void {
    const { values } = this.input;
    const streams = values.resourcesOfType('AWS::Kinesis::Stream');
    const stream = streams.find((candidate) => values.ref(candidate) === resource.stream);
    const label = `stream '${resource.stream}' (${resource.access}, table ${resource.table})`;
    if (stream === undefined) {
      this.findings.push({ job, resource: label, problem: `the CDK app creates no stream of that name (it creates ${streams.map((candidate) => values.ref(candidate)).join(', ') || 'none'})` });
      return;
    }
    const region = values.resolve({ Ref: 'AWS::Region' }, stream.stack);
    if (resource.region !== undefined && resource.region !== region) this.findings.push({ job, resource: label, problem: `compiled for region ${resource.region}, but the stream is in ${region}` });
    const arn = values.getAtt(stream, 'Arn');
    if (resource.access === 'write') {
      this.lacks(job, label, STREAM_WRITE, arn);
      return;
    }
    this.lacks(job, label, STREAM_READ, arn);
    if (resource.efoConsumer !== undefined) {
      this.lacks(job, label, EFO_STREAM, arn);
      this.lacks(job, `${label}, consumer '${resource.efoConsumer}'`, EFO_CONSUMER, `${arn}/consumer/${resource.efoConsumer}:${CONSUMER_SUFFIX}`);
    }
  }

  private referenceFile(job: string, uri: string): void {
    this.s3(job, uri, ['s3:GetObject'], 'read');
    const root = this.input.values.output(OUTPUT.referenceDataRoot);
    if (this.input.referenceDir === undefined || root === undefined || !uri.startsWith(`${root}/`)) return;
    const path = uri.slice(root.length + 1);
    if (!existsSync(join(this.input.referenceDir, path))) this.findings.push({ job, resource: uri, problem: `deploy-jobs uploads reference files from reference/, which has no ${path}` });
  }

  private job(job: CheckedJob): void {
    const { values } = this.input;
    const artifacts = values.output(OUTPUT.artifactsBucket);
    if (artifacts !== undefined) this.s3(job.name, `s3://${artifacts}/jobs/${job.name}/script.sql`, ['s3:GetObject'], 'read');
    for (const resource of job.resources) {
      switch (resource.kind) {
        case 'stream':
          this.stream(job.name, resource);
          break;
        case 'file':
          this.referenceFile(job.name, resource.uri);
          break;
        case 'folder':
          this.s3(job.name, `${resource.uri.replace(/\/+$/, '')}/part-0.parquet`, FOLDER_WRITE, 'write');
          break;
        case 'secret': {
          const secret = values.resourcesOfType('AWS::SecretsManager::Secret').find((candidate) => values.ref(candidate) === resource.secret);
          if (secret === undefined) this.findings.push({ job: job.name, resource: resource.secret, problem: 'the CDK app has no secret of that ARN' });
          else this.lacks(job.name, resource.secret, ['secretsmanager:GetSecretValue'], resource.secret);
          break;
        }
        case 'dead-letters':
          this.deadLetters(job.name, resource);
          break;
        case 'cache': {
          const cacheUrl = values.output(OUTPUT.cacheUrl);
          if (resource.url !== cacheUrl) this.findings.push({ job: job.name, resource: resource.url, problem: `not the app's cache (${cacheUrl ?? `no ${OUTPUT.cacheUrl} output`})` });
          break;
        }
      }
    }
  }

  /** What every application needs, whatever its job. */
  private application(): void {
    const { values } = this.input;
    if (this.grants === undefined) return;
    if (!this.grants.trusts(MANAGED_FLINK_SERVICE)) this.findings.push({ resource: `role ${this.grants.roleName}`, problem: `does not trust ${MANAGED_FLINK_SERVICE} to assume it` });
    const artifacts = values.output(OUTPUT.artifactsBucket);
    if (artifacts === undefined) this.findings.push({ resource: OUTPUT.artifactsBucket, problem: `the CDK app has no output ${OUTPUT.artifactsBucket}` });
    else this.s3(undefined, `s3://${artifacts}/flink-sql-runner/runner.jar`, ['s3:GetObject'], 'read');
    const logStream = values.output(OUTPUT.flinkLogStreamArn);
    const group = logStream === undefined ? undefined : /^(arn:[^:]+:logs:[^:]+:[^:]+:log-group:.+):log-stream:.+$/.exec(logStream)?.[1];
    if (logStream === undefined || group === undefined) {
      this.findings.push({ resource: OUTPUT.flinkLogStreamArn, problem: `the CDK app has no output ${OUTPUT.flinkLogStreamArn} (arn:...:log-group:<group>:log-stream:<stream>)` });
      return;
    }
    this.lacks(undefined, logStream, ['logs:PutLogEvents'], logStream);
    this.lacks(undefined, `${group}:*`, ['logs:DescribeLogStreams'], `${group}:*`);
    const allGroups = group.replace(/:log-group:.+$/, ':log-group:*');
    this.lacks(undefined, allGroups, ['logs:DescribeLogGroups'], allGroups);
  }

  run(): DeploymentFinding[] {
    this.application();
    for (const job of this.input.jobs) this.job(job);
    return this.findings;
  }
}

/** Everything that would keep the jobs from running on the app's infrastructure; empty when they can. */
export function checkDeployment(input: CheckInput): DeploymentFinding[] {
  return new Checker(input).run();
}

/** `job: resource: problem`, one per line. */
export function renderFindings(findings: readonly DeploymentFinding[]): string {
  return findings.map((finding) => `${finding.job ?? '(every application)'}: ${finding.resource}: ${finding.problem}`).join('\n');
}
