/**
 * What runs: the producer's Fargate service (Elasticsearch -> raw), the enricher Lambda on the features stream (an enhanced fan-out consumer, partial batch
 * failures, bisect, bounded retries and record age, an on-failure queue), its dead-letter queue, and
 * what the Flink applications run with (execution role, log group, network, the jobs' dead-letter queue). The applications
 * themselves belong to `npm run deploy-jobs`: their code and state change with every job release,
 * which is not a CloudFormation deploy.
 */
import { CfnOutput, Duration, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { KinesisConsumerEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../common/repo-paths.js';
import type { InfraConfig } from './config.js';
import type { DataStack } from './data-stack.js';
import { enricherConsumerName, FLINK_DEAD_LETTER_PREFIX, jobsDeadLetterQueueName, physicalStreamName, REFERENCE_PREFIX } from './resource-names.js';
import type { JobNeeds } from './job-needs.js';
import { enricherJobsEnvironment } from '../enricher-environment.js';
import { OUTPUT } from './stack-outputs.js';
import { ProducerService } from './producer-service.js';

export class ComputeStack extends Stack {
  readonly enricher: nodejs.NodejsFunction;
  readonly enricherDeadLetters: sqs.Queue;
  readonly enricherOnFailure: sqs.Queue;
  /** Records the Flink jobs cannot read (not JSON, a wrong type, a NOT NULL column missing): sent by the runner's dead-lettering source. */
  readonly jobsDeadLetters: sqs.Queue;
  readonly flinkRole: iam.Role;
  readonly flinkLogGroup: logs.LogGroup;
  readonly flinkLogStream: logs.LogStream;
  readonly flinkSecurityGroup: ec2.SecurityGroup;
  readonly producer: ProducerService;

  constructor(scope: Construct, id: string, config: InfraConfig, data: DataStack, jobs: readonly JobNeeds[], props: StackProps = {}) {
    super(scope, id, props);

    const queueDefaults: sqs.QueueProps = { encryption: sqs.QueueEncryption.KMS, encryptionMasterKey: data.key, enforceSSL: true, retentionPeriod: Duration.days(14) };
    // Records the enricher rejects (invalid rows, refused by the ML API), with the reason: written by the handler.
    this.enricherDeadLetters = new sqs.Queue(this, 'EnricherDeadLetters', { queueName: `${config.name}-enricher-dlq`, ...queueDefaults });
    // Batches Lambda gave up on (retries or record age exhausted): written by the event source mapping.
    this.enricherOnFailure = new sqs.Queue(this, 'EnricherOnFailure', { queueName: `${config.name}-enricher-on-failure`, ...queueDefaults });
    // Records a Flink job cannot read, with its job, stream/shard/sequence number and reason: sent by the runner (FlinkRole below).
    this.jobsDeadLetters = new sqs.Queue(this, 'JobsDeadLetters', { queueName: jobsDeadLetterQueueName(config), ...queueDefaults });
    for (const queue of [this.enricherDeadLetters, this.enricherOnFailure, this.jobsDeadLetters]) {
      Validations.of(queue).acknowledge({ id: 'AwsSolutions-SQS3', reason: 'This queue is itself the dead-letter destination; a queue behind it would only move the same messages again.' });
    }

    const enricherLogs = new logs.LogGroup(this, 'EnricherLogs', { retention: logs.RetentionDays.ONE_MONTH, removalPolicy: RemovalPolicy.DESTROY });
    const enricherGroup = new ec2.SecurityGroup(this, 'EnricherNetwork', { vpc: data.vpc, description: 'Enricher Lambda: out to the cache, DynamoDB, SQS, the ML API', allowAllOutbound: true });
    this.enricher = new nodejs.NodejsFunction(this, 'Enricher', {
      functionName: `${config.name}-enricher`,
      entry: join(REPO_ROOT, 'enricher/handler.ts'),
      handler: 'handler',
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: config.enricher.memoryMb,
      timeout: Duration.seconds(config.enricher.timeoutSeconds),
      logGroup: enricherLogs,
      tracing: lambda.Tracing.ACTIVE,
      vpc: data.vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      securityGroups: [enricherGroup, data.cacheClients],
      ...(config.enricher.reservedConcurrency === undefined ? {} : { reservedConcurrentExecutions: config.enricher.reservedConcurrency }),
      environment: {
        PREDICTIONS_TABLE: data.predictions.tableName,
        REDIS_URL: data.cacheUrl(),
        // ElastiCache Serverless is cluster mode: keys on several shards, MOVED redirects, no cross-slot MGET.
        REDIS_MODE: 'cluster',
        REDIS_AUTH_SECRET_ARN: data.cacheSecret.secretArn,
        ML_ENDPOINT: config.mlEndpoint,
        MODEL_NAME: config.modelName,
        DEAD_LETTER_QUEUE: this.enricherDeadLetters.queueUrl,
        // Lambda's disk goes with its container: oversized dead letters keep their source in S3.
        DEAD_LETTER_PAYLOADS: `s3://${data.deadLetterPayloads.bucketName}/enricher/`,
        PREDICTION_TTL_DAYS: String(config.predictionTtlDays),
        POWERTOOLS_SERVICE_NAME: 'clickstream-enricher',
        // The feature sets on the features stream and the reference tables' key prefixes, from the compiled jobs.
        ...enricherJobsEnvironment(jobs),
      },
      // Bundled by the esbuild in node_modules: no Docker needed to synthesize or deploy.
      bundling: { format: nodejs.OutputFormat.ESM, target: 'node24', minify: true, sourceMap: true, mainFields: ['module', 'main'], banner: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);", forceDockerBundling: false },
    });
    data.predictions.grantWriteData(this.enricher);
    this.enricherDeadLetters.grantSendMessages(this.enricher);
    data.deadLetterPayloads.grantPut(this.enricher, 'enricher/*');
    data.cacheSecret.grantRead(this.enricher);

    // A dedicated read throughput (enhanced fan-out) so Flink and the enricher do not share a shard's 2 MB/s.
    const consumer = new kinesis.StreamConsumer(this, 'EnricherConsumer', { streamConsumerName: enricherConsumerName(config), stream: data.featuresStream });
    this.enricher.addEventSource(
      new KinesisConsumerEventSource(consumer, {
        startingPosition: lambda.StartingPosition.LATEST,
        batchSize: config.enricher.batchSize,
        maxBatchingWindow: Duration.seconds(config.enricher.batchingWindowSeconds),
        parallelizationFactor: config.enricher.parallelizationFactor,
        bisectBatchOnError: true,
        retryAttempts: config.enricher.maxRetryAttempts,
        maxRecordAge: Duration.seconds(config.enricher.maxRecordAgeSeconds),
        reportBatchItemFailures: true,
        onFailure: new SqsDlq(this.enricherOnFailure),
      }),
    );

    this.producer = new ProducerService(this, 'Producer', config, data);

    // What the Managed Flink applications of deploy-jobs run as and log to.
    const flinkLogGroupName = `/aws/kinesis-analytics/${config.name}`;
    this.flinkLogGroup = new logs.LogGroup(this, 'FlinkLogs', { logGroupName: flinkLogGroupName, retention: logs.RetentionDays.ONE_MONTH, removalPolicy: RemovalPolicy.DESTROY });
    this.flinkLogStream = new logs.LogStream(this, 'FlinkLogStream', { logGroup: this.flinkLogGroup, logStreamName: 'jobs', removalPolicy: RemovalPolicy.DESTROY });
    this.flinkSecurityGroup = new ec2.SecurityGroup(this, 'FlinkNetwork', { vpc: data.vpc, description: 'Managed Flink applications with Redis lookups', allowAllOutbound: true });
    this.flinkRole = new iam.Role(this, 'FlinkRole', { roleName: `${config.name}-flink`, assumedBy: new iam.ServicePrincipal('kinesisanalytics.amazonaws.com'), description: 'Managed Flink applications of deploy-jobs' });
    const consumerGrants = this.grantJobStreams(config, data, jobs);
    data.artifacts.grantRead(this.flinkRole, 'flink-sql-runner/*');
    data.artifacts.grantRead(this.flinkRole, 'jobs/*');
    // Reference files (fileStore), uploaded by deploy-jobs under reference/.
    data.artifacts.grantRead(this.flinkRole, `${REFERENCE_PREFIX}/*`);
    // Data-lake copies: Flink uploads part files in parts, completes them on commit, aborts discarded ones and deletes its temporary objects.
    data.dataLake.grantReadWrite(this.flinkRole, 'jobs/*');
    this.flinkLogGroup.grantWrite(this.flinkRole);
    // Jobs with Redis lookups read the cache user's password on each connect (the runner's credentials.secret).
    data.cacheSecret.grantRead(this.flinkRole);
    // Dead letters (compile-jobs --target aws): the runner's SQS client sends each one (SendMessage, and the queue's
    // KMS key to encrypt it), and puts the record of a letter over SQS's message limit under flink/, never reads it back.
    this.jobsDeadLetters.grantSendMessages(this.flinkRole);
    data.deadLetterPayloads.grantPut(this.flinkRole, `${FLINK_DEAD_LETTER_PREFIX}/*`);
    new CfnOutput(this, OUTPUT.jobsDeadLetterQueueUrl, { value: this.jobsDeadLetters.queueUrl, description: 'compile-jobs --target aws --dead-letter-queue-url: records the jobs cannot read' });
    // Its payload folder (s3://<bucket>/flink) is the data stack's JobsDeadLetterPayloads output, beside the bucket.
    // What deploy-jobs gives applications with Redis lookups: the private subnets, and a group the cache admits.
    new CfnOutput(this, OUTPUT.flinkSubnets, { value: data.vpc.selectSubnets({ subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }).subnetIds.join(','), description: 'deploy-jobs --subnets' });
    new CfnOutput(this, OUTPUT.flinkSecurityGroups, { value: [this.flinkSecurityGroup.securityGroupId, data.cacheClients.securityGroupId].join(','), description: 'deploy-jobs --security-groups' });
    new CfnOutput(this, OUTPUT.flinkRoleArn, { value: this.flinkRole.roleArn, description: 'deploy-jobs --role-arn: the applications run as this role' });
    new CfnOutput(this, OUTPUT.flinkLogStreamArn, {
      value: `arn:${this.partition}:logs:${this.region}:${this.account}:log-group:${this.flinkLogGroup.logGroupName}:log-stream:${this.flinkLogStream.logStreamName}`,
      description: 'deploy-jobs --log-stream-arn',
    });
    new CfnOutput(this, OUTPUT.applicationPrefix, { value: config.name, description: 'deploy-jobs --application-prefix: applications are <prefix>-<job>' });
    // Managed Flink's logging (developer guide, "Set up application logging"): DescribeLogGroups on every
    // group, DescribeLogStreams on the group, PutLogEvents on the stream (grantWrite above).
    this.flinkRole.addToPolicy(new iam.PolicyStatement({ actions: ['logs:DescribeLogGroups'], resources: [`arn:aws:logs:${this.region}:${this.account}:log-group:*`] }));
    this.flinkRole.addToPolicy(new iam.PolicyStatement({ actions: ['logs:DescribeLogStreams'], resources: [`arn:aws:logs:${this.region}:${this.account}:log-group:${flinkLogGroupName}:*`] }));
    // VPC access for jobs with Redis lookups: the service creates network interfaces in the private subnets.
    this.flinkRole.addToPolicy(
      new iam.PolicyStatement({
        actions: ['ec2:DescribeVpcs', 'ec2:DescribeSubnets', 'ec2:DescribeSecurityGroups', 'ec2:DescribeDhcpOptions', 'ec2:DescribeNetworkInterfaces'],
        resources: ['*'],
      }),
    );
    this.flinkRole.addToPolicy(
      new iam.PolicyStatement({
        actions: ['ec2:CreateNetworkInterface', 'ec2:CreateNetworkInterfacePermission', 'ec2:DeleteNetworkInterface'],
        resources: [`arn:aws:ec2:${this.region}:${this.account}:network-interface/*`, `arn:aws:ec2:${this.region}:${this.account}:subnet/*`, `arn:aws:ec2:${this.region}:${this.account}:security-group/*`],
      }),
    );
    // cdk-nag findings that are by design, each with its reason (cdk-nag v3 needs one per finding).
    const account = config.account ?? '<AWS::AccountId>';
    const acknowledge = (scope: Construct, reasons: Readonly<Record<string, string>>) => {
      for (const [finding, reason] of Object.entries(reasons)) Validations.of(scope).acknowledge({ id: finding, reason });
    };
    const kmsGrant = 'The CDK grant for the KMS-encrypted queue or table: data keys are generated per message, so the action has a wildcard; the key itself is named.';
    const artifactsArn = `${data.stackName}:ExportsOutputFnGetAttArtifacts82DD59A1Arn3B515032`;
    const dataLakeArn = `${data.stackName}:ExportsOutputFnGetAttDataLakeE54831B2ArnC15B8484`;
    const payloadsArn = `${data.stackName}:ExportsOutputFnGetAttDeadLetterPayloads432E7C19ArnAC44F12F`;
    acknowledge(this.enricher, {
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]': 'The managed policy Lambda documents for writing its logs.',
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole]': 'The managed policy Lambda documents for functions in a VPC (network interfaces).',
      'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]': kmsGrant,
      'AwsSolutions-IAM5[Action::kms:ReEncrypt*]': kmsGrant,
      'AwsSolutions-IAM5[Resource::*]': 'X-Ray PutTraceSegments/PutTelemetryRecords take no resource.',
      'AwsSolutions-IAM5[Action::s3:Abort*]': 'The CDK put grant on the payload bucket, limited to enricher/: an interrupted multipart upload of a large payload is aborted.',
      [`AwsSolutions-IAM5[Resource::${payloadsArn}/enricher/*]`]: 'Oversized dead letters, one object per record with a name derived from its id and hash.',
    });
    acknowledge(this.flinkRole, {
      'AwsSolutions-IAM5[Action::s3:GetBucket*]': 'The CDK read grant on the artifact bucket, limited to its key prefixes below.',
      'AwsSolutions-IAM5[Action::s3:GetObject*]': 'The CDK read grant on the artifact bucket, limited to its key prefixes below.',
      'AwsSolutions-IAM5[Action::s3:List*]': 'The CDK read grant on the artifact bucket, limited to its key prefixes below.',
      [`AwsSolutions-IAM5[Resource::${artifactsArn}/flink-sql-runner/*]`]: 'Runner jars, one per content hash: deploy-jobs names them at deploy time.',
      [`AwsSolutions-IAM5[Resource::${artifactsArn}/jobs/*]`]: 'Compiled scripts, one per job and content hash: deploy-jobs names them at deploy time.',
      [`AwsSolutions-IAM5[Resource::${artifactsArn}/${REFERENCE_PREFIX}/*]`]: 'Reference files (fileStore paths of the jobs), uploaded by deploy-jobs under this prefix.',
      [`AwsSolutions-IAM5[Resource::arn:aws:logs:${this.region}:${account}:log-group:/aws/kinesis-analytics/${config.name}:*]`]: 'Managed Flink describes the log streams of its log group before writing to its stream; a log group ARN ends in :* (CloudWatch Logs API reference, LogGroup).',
      ...Object.fromEntries(
        consumerGrants.map((streamName) => [
          `AwsSolutions-IAM5[Resource::arn:aws:kinesis:${this.region}:${account}:stream/${streamName}/consumer/*]`,
          'Enhanced fan-out consumers the Flink jobs register on this stream, one per job; their ARNs end in a creation time the service picks.',
        ]),
      ),
      'AwsSolutions-IAM5[Action::s3:DeleteObject*]': "The CDK read-write grant on the data lake, limited to its jobs/ prefix: Flink's S3 writer deletes the temporary objects of its recoverable uploads.",
      'AwsSolutions-IAM5[Action::s3:Abort*]':
        "The CDK read-write grant on the data lake, limited to its jobs/ prefix (Flink's file sink aborts the multipart uploads of files it discards), and the CDK put grant on the dead-letter payload bucket, limited to flink/ (an interrupted upload of an oversized record is aborted).",
      [`AwsSolutions-IAM5[Resource::${dataLakeArn}/jobs/*]`]: 'Data-lake copies: one folder per job and partition, with file names Flink picks.',
      [`AwsSolutions-IAM5[Resource::${payloadsArn}/${FLINK_DEAD_LETTER_PREFIX}/*]`]:
        'Records of oversized dead letters (put only, never read back): one object per record, named by the runner after its job, stream, shard, sequence number and hash.',
      'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]':
        'The CDK grants for the KMS-encrypted data lake, dead-letter payload bucket and jobs dead-letter queue (one data key): data keys are generated per object or message, so the action has a wildcard; the key itself is named.',
      'AwsSolutions-IAM5[Action::kms:ReEncrypt*]':
        'The CDK grants for the KMS-encrypted data lake, dead-letter payload bucket and jobs dead-letter queue (one data key): the CDK grant names the action with a wildcard; the key itself is named.',
      'AwsSolutions-IAM5[Resource::*]': 'ec2:Describe* for VPC access cannot be scoped to resources.',
      [`AwsSolutions-IAM5[Resource::arn:aws:logs:${this.region}:${account}:log-group:*]`]: 'Managed Flink checks log groups with DescribeLogGroups, which is not scoped to one group.',
      [`AwsSolutions-IAM5[Resource::arn:aws:ec2:${this.region}:${account}:network-interface/*]`]: 'Managed Flink creates the network interfaces of VPC access with names the service picks.',
      [`AwsSolutions-IAM5[Resource::arn:aws:ec2:${this.region}:${account}:subnet/*]`]: 'CreateNetworkInterface needs the subnets; they are the private subnets of this app.',
      [`AwsSolutions-IAM5[Resource::arn:aws:ec2:${this.region}:${account}:security-group/*]`]: 'CreateNetworkInterface needs the security group; it is FlinkNetwork of this app.',
    });
  }

  /**
   * Each stream a job reads or writes, granted to the role the applications run as. A read is an
   * enhanced fan-out consumer the connector registers itself (`scan.stream.efo.consumername`, named after
   * the job): the Flink Kinesis connector calls RegisterStreamConsumer and DescribeStreamSummary on the
   * stream, and DescribeStreamConsumer, SubscribeToShard and DeregisterStreamConsumer on the consumer
   * (FLINK-31108 lists its calls; Kinesis API reference for each action's resource).
   */
  /** The ARNs of a stream's consumers: `arn:aws:kinesis:<region>:<account>:stream/<name>/consumer/<consumer>:<creation time>`. */
  private consumersOf(streamName: string): string {
    return `arn:aws:kinesis:${this.region}:${this.account}:stream/${streamName}/consumer/*`;
  }

  private grantJobStreams(config: InfraConfig, data: DataStack, jobs: readonly JobNeeds[]): string[] {
    const stream = (logical: string) => {
      const found = data.streams.get(logical);
      if (found === undefined) throw new Error(`the data stack has no stream '${logical}' (jobs: ${jobs.map((job) => job.name).join(', ')})`);
      return found;
    };
    const reads = [...new Set(jobs.flatMap((job) => job.reads))];
    const writes = [...new Set(jobs.flatMap((job) => job.writes))];
    for (const logical of reads) {
      const read = stream(logical);
      read.grantRead(this.flinkRole);
      this.flinkRole.addToPolicy(new iam.PolicyStatement({ actions: ['kinesis:RegisterStreamConsumer', 'kinesis:DescribeStreamSummary', 'kinesis:ListStreamConsumers'], resources: [read.streamArn] }));
      this.flinkRole.addToPolicy(
        new iam.PolicyStatement({ actions: ['kinesis:DescribeStreamConsumer', 'kinesis:SubscribeToShard', 'kinesis:DeregisterStreamConsumer'], resources: [this.consumersOf(physicalStreamName(config, logical))] }),
      );
    }
    for (const logical of writes) stream(logical).grantWrite(this.flinkRole);
    return reads.map((logical) => physicalStreamName(config, logical));
  }
}
