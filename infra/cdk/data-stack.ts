/**
 * What holds data and lives longest: the KMS key, the raw and features streams, the artifact
 * bucket, the predictions and checkpoint tables, the network, and the Redis (Valkey) cache with TLS
 * and a password-authenticated user. Replacing any of these loses data, so it changes least often.
 */
import { CfnOutput, Duration, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../common/repo-paths.js';
import type { InfraConfig } from './config.js';
import { logicalStreams, type JobNeeds } from './job-needs.js';
import { FLINK_DEAD_LETTER_PREFIX, physicalStreamName, REFERENCE_PREFIX } from './resource-names.js';
import { OUTPUT } from './stack-outputs.js';

/** `clicks-deduped` -> `ClicksDeduped`: a construct id part. */
function pascalCase(name: string): string {
  return name
    .split(/[^A-Za-z0-9]+/)
    .filter((part) => part !== '')
    .map((part) => `${part.charAt(0).toUpperCase()}${part.slice(1)}`)
    .join('');
}

/** The user the enricher and the Flink jobs authenticate to Valkey as. */
export const CACHE_USER = 'pipeline';

export class DataStack extends Stack {
  readonly key: kms.Key;
  readonly rawStream: kinesis.Stream;
  readonly featuresStream: kinesis.Stream;
  /** Every stream of the pipeline and its jobs, by logical name (`raw`, `features`, `clicks-deduped`). */
  readonly streams: ReadonlyMap<string, kinesis.Stream>;
  readonly artifacts: s3.Bucket;
  /** Data-lake copies of job rows (`withDataLakeCopy`): Parquet under `jobs/`, compiled with `--data-lake-root s3://<bucket>/jobs`. */
  readonly dataLake: s3.Bucket;
  /** Sources of dead letters too large for their queue: `producer/` and `enricher/`, each writer its own prefix. */
  readonly deadLetterPayloads: s3.Bucket;
  readonly predictions: dynamodb.TableV2;
  readonly checkpoints: dynamodb.TableV2;
  readonly vpc: ec2.Vpc;
  /** Members of this group may reach the cache on 6379. */
  readonly cacheClients: ec2.SecurityGroup;
  readonly cache: elasticache.CfnServerlessCache;
  /** `{ "username": ..., "password": ... }` of CACHE_USER. */
  readonly cacheSecret: secretsmanager.Secret;

  constructor(scope: Construct, id: string, config: InfraConfig, jobs: readonly JobNeeds[], props: StackProps = {}) {
    super(scope, id, props);
    this.key = new kms.Key(this, 'DataKey', { enableKeyRotation: true, description: `${config.name}: streams, tables, bucket, cache`, removalPolicy: RemovalPolicy.RETAIN });

    const streamProps = (shards: number | undefined): kinesis.StreamProps => ({
      // KMS with the AWS-managed key: a customer key is billed per producer and consumer call at 50k events/s.
      encryption: kinesis.StreamEncryption.MANAGED,
      retentionPeriod: Duration.hours(config.retentionHours),
      ...(shards === undefined ? { streamMode: kinesis.StreamMode.ON_DEMAND } : { streamMode: kinesis.StreamMode.PROVISIONED, shardCount: shards }),
    });
    const provisioned = config.streams.mode === 'provisioned' ? config.streams : undefined;
    this.rawStream = new kinesis.Stream(this, 'RawStream', { streamName: physicalStreamName(config, 'raw'), ...streamProps(provisioned?.rawShards) });
    this.featuresStream = new kinesis.Stream(this, 'FeaturesStream', { streamName: physicalStreamName(config, 'features'), ...streamProps(provisioned?.featureShards) });
    // The streams jobs write besides features (e.g. click-dedupe's clicks-deduped): created here, so a
    // job's stream exists before deploy-jobs starts it. One shard when provisioned; on demand scales itself.
    const streams = new Map<string, kinesis.Stream>([
      ['raw', this.rawStream],
      ['features', this.featuresStream],
    ]);
    for (const logical of logicalStreams(jobs)) {
      if (!streams.has(logical)) streams.set(logical, new kinesis.Stream(this, `Stream${pascalCase(logical)}`, { streamName: physicalStreamName(config, logical), ...streamProps(provisioned === undefined ? undefined : 1) }));
    }
    this.streams = streams;
    new CfnOutput(this, OUTPUT.streamNames, {
      value: JSON.stringify(Object.fromEntries([...streams.keys()].map((logical) => [logical, physicalStreamName(config, logical)]))),
      description: 'Physical stream names by logical name: compile-jobs --stack-outputs',
    });
    new CfnOutput(this, OUTPUT.region, { value: this.region, description: 'The region of the pipeline' });

    const accessLogs = new s3.Bucket(this, 'AccessLogs', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(90) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // KMS with the data key, TLS only, no public access, access logs under `logPrefix`; kept when the stack goes.
    const privateBucket = (id: string, logPrefix: string, props: s3.BucketProps = {}) =>
      new s3.Bucket(this, id, {
        encryption: s3.BucketEncryption.KMS,
        encryptionKey: this.key,
        bucketKeyEnabled: true,
        blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
        enforceSSL: true,
        serverAccessLogsBucket: accessLogs,
        serverAccessLogsPrefix: logPrefix,
        removalPolicy: RemovalPolicy.RETAIN,
        ...props,
      });
    // The runner jar and compiled scripts, under content-hashed keys (deploy-jobs).
    this.artifacts = privateBucket('Artifacts', 'artifacts/', { versioned: true });
    this.dataLake = privateBucket('DataLake', 'data-lake/', {
      // Flink's S3 writer keeps each pending part file as an open multipart upload until a checkpoint
      // commits it, and a restore from a snapshot resumes those uploads: abort only ones far older than
      // any snapshot an application is restarted from (an application stopped longer must start fresh).
      lifecycleRules: [{ abortIncompleteMultipartUploadAfter: Duration.days(7) }],
    });
    this.deadLetterPayloads = privateBucket('DeadLetterPayloads', 'dead-letter-payloads/', {
      // Kept as long as a dead letter can point at them: the queues keep messages 14 days, and a
      // message read late and replayed by hand needs its payload for a while after that.
      lifecycleRules: [{ expiration: Duration.days(config.deadLetterPayloadDays) }],
    });
    // The Flink jobs' oversized dead letters (the compute stack grants the put under it).
    new CfnOutput(this, OUTPUT.jobsDeadLetterPayloads, {
      value: `s3://${this.deadLetterPayloads.bucketName}/${FLINK_DEAD_LETTER_PREFIX}`,
      description: 'compile-jobs --target aws --dead-letter-payloads: where the Flink jobs put records too large for a dead-letter message',
    });
    new CfnOutput(this, OUTPUT.dataLakeRoot, { value: `s3://${this.dataLake.bucketName}/jobs`, description: 'compile-jobs --target aws --data-lake-root' });
    new CfnOutput(this, OUTPUT.artifactsBucket, { value: this.artifacts.bucketName, description: 'deploy-jobs --bucket: runner jars, compiled scripts and reference files' });
    new CfnOutput(this, OUTPUT.referenceDataRoot, { value: `s3://${this.artifacts.bucketName}/${REFERENCE_PREFIX}`, description: 'compile-jobs --target aws --reference-data-root (deploy-jobs uploads reference/ there)' });

    const tableDefaults = {
      encryption: dynamodb.TableEncryptionV2.customerManagedKey(this.key),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      billing: dynamodb.Billing.onDemand(),
      removalPolicy: RemovalPolicy.RETAIN,
    };
    // Keys as enricher/prediction-writer.ts writes them: pk = <feature set>#<entity>, sk = event or window id.
    this.predictions = new dynamodb.TableV2(this, 'Predictions', {
      tableName: `${config.name}-predictions`,
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'sk', type: dynamodb.AttributeType.STRING },
      timeToLiveAttribute: 'expires_at',
      ...tableDefaults,
    });
    // The producer's positions (producer/dynamodb-checkpoint-store.ts): one item per checkpoint name.
    this.checkpoints = new dynamodb.TableV2(this, 'ProducerCheckpoints', {
      tableName: `${config.name}-producer-checkpoints`,
      partitionKey: { name: 'name', type: dynamodb.AttributeType.STRING },
      ...tableDefaults,
    });

    // CloudWatch Logs encrypts with the key only if the key lets it.
    this.key.grantEncryptDecrypt(new iam.ServicePrincipal(`logs.${this.region}.amazonaws.com`));
    const flowLogs = new logs.LogGroup(this, 'VpcFlowLogs', { retention: logs.RetentionDays.ONE_MONTH, encryptionKey: this.key, removalPolicy: RemovalPolicy.DESTROY });
    this.vpc = new ec2.Vpc(this, 'Network', {
      maxAzs: 2,
      natGateways: 1,
      subnetConfiguration: [
        { name: 'public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
        { name: 'private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 22 },
      ],
      flowLogs: { all: { destination: ec2.FlowLogDestination.toCloudWatchLogs(flowLogs), trafficType: ec2.FlowLogTrafficType.REJECT } },
      // DynamoDB and S3 without the NAT gateway: cheaper at 50k events/s, and off the internet path.
      gatewayEndpoints: { dynamodb: { service: ec2.GatewayVpcEndpointAwsService.DYNAMODB }, s3: { service: ec2.GatewayVpcEndpointAwsService.S3 } },
    });

    this.cacheClients = new ec2.SecurityGroup(this, 'CacheClients', { vpc: this.vpc, description: 'Members may connect to the Valkey cache', allowAllOutbound: true });
    const cacheGroup = new ec2.SecurityGroup(this, 'Cache', { vpc: this.vpc, description: 'Valkey cache: 6379 from CacheClients only', allowAllOutbound: false });
    cacheGroup.addIngressRule(this.cacheClients, ec2.Port.tcp(6379), 'Valkey over TLS from the enricher and the Flink jobs');

    this.cacheSecret = new secretsmanager.Secret(this, 'CachePassword', {
      description: `${config.name}: password of the Valkey user ${CACHE_USER}`,
      // The AWS-managed key: with the data key, granting a role in another stack would tie the stacks in a cycle.
      generateSecretString: { secretStringTemplate: JSON.stringify({ username: CACHE_USER }), generateStringKey: 'password', excludePunctuation: true, passwordLength: 32 },
    });
    // ElastiCache RBAC: a user group of the VALKEY engine may hold only users that authenticate (password
    // or IAM), so the `default` user a group holds is switched off and has a password nobody is given.
    const defaultUserSecret = new secretsmanager.Secret(this, 'CacheDefaultUserPassword', {
      description: `${config.name}: password of the switched-off Valkey user default (never used to connect)`,
      generateSecretString: { excludePunctuation: true, passwordLength: 32 },
    });
    Validations.of(defaultUserSecret).acknowledge({ id: 'AwsSolutions-SMG4', reason: 'The default user is switched off (access string off -@all); its password opens nothing, so rotating it protects nothing.' });
    const disabledDefault = new elasticache.CfnUser(this, 'CacheDefaultUser', {
      engine: 'valkey',
      userId: `${config.name}-default-off`,
      userName: 'default',
      accessString: 'off -@all',
      authenticationMode: { Type: 'password', Passwords: [defaultUserSecret.secretValue.unsafeUnwrap()] },
    });
    const pipelineUser = new elasticache.CfnUser(this, 'CachePipelineUser', {
      engine: 'valkey',
      userId: `${config.name}-${CACHE_USER}`,
      userName: CACHE_USER,
      // Reads reference data, nothing else.
      accessString: 'on ~* -@all +@read +ping +info +client',
      authenticationMode: { Type: 'password', Passwords: [this.cacheSecret.secretValueFromJson('password').unsafeUnwrap()] },
    });
    const users = new elasticache.CfnUserGroup(this, 'CacheUsers', { engine: 'valkey', userGroupId: `${config.name}-users`, userIds: [disabledDefault.userId, pipelineUser.userId] });
    users.addResourceDependency(disabledDefault);
    users.addResourceDependency(pipelineUser);
    // Serverless Valkey: TLS only, encrypted at rest with the data key, in the private subnets.
    this.cache = new elasticache.CfnServerlessCache(this, 'ReferenceCache', {
      serverlessCacheName: `${config.name}-reference`,
      engine: 'valkey',
      majorEngineVersion: '8',
      kmsKeyId: this.key.keyId,
      securityGroupIds: [cacheGroup.securityGroupId],
      subnetIds: this.vpc.selectSubnets({ subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }).subnetIds,
      userGroupId: users.userGroupId,
      snapshotRetentionLimit: 1,
    });
    this.cache.addResourceDependency(users);
    this.rotateCachePassword(config, pipelineUser);
    new CfnOutput(this, OUTPUT.cacheUrl, { value: this.cacheUrl(), description: 'compile-jobs --target aws --redis-url' });
    new CfnOutput(this, OUTPUT.cacheName, { value: this.cache.serverlessCacheName, description: 'compile-jobs --target aws --cache' });
    new CfnOutput(this, OUTPUT.cacheSecretArn, { value: this.cacheSecret.secretArn, description: 'compile-jobs --target aws --redis-secret' });
  }

  /**
   * The cache user's password rotates on a schedule (infra/cache-rotation/): a new password on the user
   * beside the current one, tested, then made current; readers read the secret again on reconnect or refusal.
   */
  private rotateCachePassword(config: InfraConfig, user: elasticache.CfnUser): void {
    const logGroup = new logs.LogGroup(this, 'CacheRotationLogs', { retention: logs.RetentionDays.ONE_MONTH, removalPolicy: RemovalPolicy.DESTROY });
    const rotation = new nodejs.NodejsFunction(this, 'CacheRotation', {
      functionName: `${config.name}-cache-rotation`,
      entry: join(REPO_ROOT, 'infra/cache-rotation/handler.ts'),
      handler: 'handler',
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      // setSecret waits for the user to be active again (up to 2 minutes).
      timeout: Duration.minutes(3),
      logGroup,
      vpc: this.vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      // testSecret connects to the cache with the new password.
      securityGroups: [this.cacheClients],
      environment: { CACHE_URL: this.cacheUrl(), CACHE_USER_ID: user.userId },
      bundling: { format: nodejs.OutputFormat.ESM, target: 'node24', minify: true, sourceMap: true, mainFields: ['module', 'main'], banner: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);", forceDockerBundling: false },
    });
    rotation.addToRolePolicy(new iam.PolicyStatement({ actions: ['elasticache:ModifyUser', 'elasticache:DescribeUsers'], resources: [`arn:${this.partition}:elasticache:${this.region}:${this.account}:user:${user.userId}`] }));
    this.cacheSecret.addRotationSchedule('CacheRotationSchedule', { rotationLambda: rotation, automaticallyAfter: Duration.days(config.cachePasswordRotationDays) });
    for (const [finding, reason] of Object.entries({
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]': 'The managed policy Lambda documents for writing its logs.',
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole]': 'The managed policy Lambda documents for functions in a VPC (network interfaces).',
      'AwsSolutions-IAM5[Resource::*]': 'secretsmanager:GetRandomPassword takes no resource (the CDK rotation grant).',
    })) {
      Validations.of(rotation).acknowledge({ id: finding, reason });
    }
  }

  /** `rediss://host:port`: the cache's TLS endpoint, without credentials (they come from the secret). */
  cacheUrl(): string {
    return `rediss://${this.cache.attrEndpointAddress}:${this.cache.attrEndpointPort}`;
  }
}
