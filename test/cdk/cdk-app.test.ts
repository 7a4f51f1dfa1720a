/**
 * The CDK app, proven by synthesis (no AWS account here): cdk-nag's AWS Solutions checks pass with
 * every acknowledged finding carrying a reason, and the properties that matter for security and
 * behaviour are asserted on the templates.
 */
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/cdk/app.js';
import { infraConfig } from '../../infra/cdk/config.js';
import type { JobNeeds } from '../../infra/cdk/job-needs.js';

/** A job reading raw and writing features, as most of jobs/ do. */
function jobUsing(name: string, needs: Partial<JobNeeds> = {}): JobNeeds {
  return { name, reads: ['raw'], writes: ['features'], referenceFiles: [], dataLakeFolders: [], usesCache: false, ...needs };
}

describe('CDK app', () => {
  let data: Template;
  let compute: Template;
  let observability: Template;
  let outdir: string;

  beforeAll(() => {
    outdir = mkdtempSync(join(tmpdir(), 'cdk-'));
    const app = buildApp(infraConfig({ enricher: { batchSize: 200, maxRetryAttempts: 5, reservedConcurrency: 20 }, alarmEmail: 'oncall@example.com', alarms: { mlLatencyP99Ms: 250 } }), [jobUsing('user-activity.v1'), jobUsing('url-traffic.v1')], outdir);
    // Throws when cdk-nag reports an unacknowledged finding.
    app.app.synth();
    data = Template.fromStack(app.data);
    compute = Template.fromStack(app.compute);
    observability = Template.fromStack(app.observability);
  }, 120_000);

  it('passes cdk-nag AwsSolutions: every finding left is acknowledged with a reason', () => {
    const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8')) as { pluginReports: { conclusion: string; suppressedViolations?: { reason?: string }[] }[] };
    expect(report.pluginReports.map((plugin) => plugin.conclusion)).not.toContain('failure');
    expect(report.pluginReports.flatMap((plugin) => plugin.suppressedViolations ?? []).every((violation) => (violation.reason ?? '').length > 10)).toBe(true);
  });

  it('fails the synthesis on a finding nobody acknowledged (cdk-nag is really checking)', () => {
    const app = buildApp(infraConfig({ name: 'nagged' }), [], mkdtempSync(join(tmpdir(), 'cdk-')));
    new sqs.Queue(app.compute, 'PlainQueue', { encryption: sqs.QueueEncryption.UNENCRYPTED });

    expect(() => app.app.synth()).toThrow(/The SQS Queue does not have server-side encryption.*\(AwsSolutions\)/s);
    // A whole app's synth (bundling the Lambda and the producer image included) takes about 5 s on 2 cores.
  }, 120_000);

  it('encrypts the streams with KMS and keeps records for the configured retention, on demand by default', () => {
    data.resourceCountIs('AWS::Kinesis::Stream', 2);
    data.hasResourceProperties('AWS::Kinesis::Stream', { Name: 'clickstream-raw', RetentionPeriodHours: 24, StreamModeDetails: { StreamMode: 'ON_DEMAND' }, StreamEncryption: { EncryptionType: 'KMS', KeyId: 'alias/aws/kinesis' } });
    const provisioned = buildApp(infraConfig({ name: 'prov', streams: { mode: 'provisioned', rawShards: 8, featureShards: 4 } }), [], mkdtempSync(join(tmpdir(), 'cdk-')));
    Template.fromStack(provisioned.data).hasResourceProperties('AWS::Kinesis::Stream', { Name: 'prov-raw', ShardCount: 8, StreamModeDetails: { StreamMode: 'PROVISIONED' } });
  });

  it('keeps artifacts in a versioned, KMS-encrypted, TLS-only bucket without public access', () => {
    data.hasResourceProperties('AWS::S3::Bucket', {
      VersioningConfiguration: { Status: 'Enabled' },
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' } }] },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'artifacts/' }),
    });
    data.hasResourceProperties('AWS::S3::BucketPolicy', { PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) } });
  });

  it('keeps data-lake copies in a KMS-encrypted bucket that aborts stale uploads; Flink may write under jobs/ only', () => {
    data.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' } }] },
      LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'data-lake/' }),
      LifecycleConfiguration: { Rules: [Match.objectLike({ AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 } })] },
    });
    data.hasOutput('DataLakeRoot', { Value: { 'Fn::Join': ['', ['s3://', { Ref: Match.stringLikeRegexp('^DataLake') }, '/jobs']] } });
    const flinkPolicy = JSON.stringify(compute.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: Match.stringLikeRegexp('^FlinkRole') }] } }));
    expect(flinkPolicy).toContain('s3:PutObject');
    expect(flinkPolicy).toMatch(/DataLake[^"]*Arn[^}]*\}\s*,\s*"\/jobs\/\*"/);
  });

  it('keeps oversized dead letters in a KMS-encrypted bucket for the configured days; the enricher may put under enricher/ only', () => {
    data.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' } }] },
      LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'dead-letter-payloads/' }),
      LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 90 })] },
    });
    compute.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ DEAD_LETTER_PAYLOADS: { 'Fn::Join': ['', ['s3://', Match.anyValue(), '/enricher/']] } }) },
    });
    const enricherPolicy = JSON.stringify(compute.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: Match.stringLikeRegexp('^EnricherServiceRole') }] } }));
    expect(enricherPolicy).toMatch(/DeadLetterPayloads[^"]*Arn[^}]*\}\s*,\s*"\/enricher\/\*"/);
    expect(enricherPolicy).not.toContain('s3:GetObject');
  });

  it('writes predictions to a table keyed as the enricher writes them, with TTL, PITR and KMS', () => {
    data.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      TableName: 'clickstream-predictions',
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
      TimeToLiveSpecification: { AttributeName: 'expires_at', Enabled: true },
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS' },
      Replicas: [Match.objectLike({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } })],
    });
    data.hasResourceProperties('AWS::DynamoDB::GlobalTable', { TableName: 'clickstream-producer-checkpoints', KeySchema: [{ AttributeName: 'name', KeyType: 'HASH' }] });
  });

  it('runs Valkey serverless in the private subnets, reachable on 6379 from the client group only, default user off', () => {
    data.hasResourceProperties('AWS::ElastiCache::ServerlessCache', { Engine: 'valkey', KmsKeyId: Match.anyValue(), UserGroupId: Match.anyValue(), SecurityGroupIds: Match.anyValue(), SubnetIds: Match.anyValue() });
    data.hasResourceProperties('AWS::ElastiCache::User', { UserName: 'default', AccessString: 'off -@all' });
    // The password is a dynamic reference resolved by CloudFormation, never a value in the template.
    data.hasResourceProperties('AWS::ElastiCache::User', { UserName: 'pipeline', AuthenticationMode: { Type: 'password', Passwords: [{ 'Fn::Join': ['', Match.arrayWith(['{{resolve:secretsmanager:', ':SecretString:password::}}'])] }] } });
    data.hasResourceProperties('AWS::EC2::SecurityGroupIngress', { IpProtocol: 'tcp', FromPort: 6379, ToPort: 6379, SourceSecurityGroupId: Match.anyValue() });
    const cacheGroup = Object.values(data.findResources('AWS::EC2::SecurityGroup', { Properties: { GroupDescription: Match.stringLikeRegexp('^Valkey cache') } }))[0] as { Properties: { SecurityGroupIngress?: unknown[] } } | undefined;
    expect(cacheGroup?.Properties.SecurityGroupIngress).toBeUndefined();
  });

  it('holds in the Valkey user group only users that authenticate (ElastiCache RBAC: a VALKEY group may hold only password or IAM users)', () => {
    // Rule: ElastiCache user guide, "Role-Based Access Control (RBAC)": a user group configured for the
    // VALKEY engine can only contain users with an authentication mechanism (password or IAM).
    const users = Object.values(data.findResources('AWS::ElastiCache::User')) as { Properties: { UserId: string; AuthenticationMode?: { Type?: string } } }[];
    const groups = Object.values(data.findResources('AWS::ElastiCache::UserGroup')) as { Properties: { Engine: string; UserIds: string[] } }[];
    expect(groups.length).toBe(1);
    for (const group of groups.filter((candidate) => candidate.Properties.Engine === 'valkey')) {
      const members = group.Properties.UserIds.map((id) => users.find((user) => user.Properties.UserId === id));
      expect(members.every((user) => user !== undefined)).toBe(true);
      expect(members.map((user) => user?.Properties.AuthenticationMode?.Type)).toEqual(['password', 'password']);
    }
  });

  it('rotates the cache user password on a schedule with a Lambda that may change that one ElastiCache user', () => {
    data.hasResourceProperties('AWS::SecretsManager::RotationSchedule', { RotationLambdaARN: { 'Fn::GetAtt': [Match.stringLikeRegexp('^CacheRotation'), 'Arn'] }, RotationRules: { ScheduleExpression: 'rate(30 days)' } });
    data.hasResourceProperties('AWS::Lambda::Function', { FunctionName: 'clickstream-cache-rotation', VpcConfig: Match.objectLike({ SubnetIds: Match.anyValue() }), Environment: { Variables: { CACHE_URL: Match.anyValue(), CACHE_USER_ID: 'clickstream-pipeline' } } });
    const rotationPolicy = JSON.stringify(data.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: Match.stringLikeRegexp('^CacheRotationServiceRole') }] } }));
    expect(rotationPolicy).toContain('":user:clickstream-pipeline"');
    expect(rotationPolicy).toContain('secretsmanager:PutSecretValue');
    expect(rotationPolicy).not.toContain('elasticache:*');
  });

  it('lets Flink jobs with Redis lookups read the cache user secret and names what compile-jobs and deploy-jobs need', () => {
    const flinkPolicy = JSON.stringify(compute.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: Match.stringLikeRegexp('^FlinkRole') }] } }));
    expect(flinkPolicy).toMatch(/"secretsmanager:GetSecretValue".*CachePassword/);
    data.hasOutput('CacheName', { Value: 'clickstream-reference' });
    data.hasOutput('CacheSecretArn', { Value: { Ref: Match.stringLikeRegexp('^CachePassword') } });
    compute.hasOutput('FlinkSecurityGroups', { Value: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^FlinkNetwork'), 'GroupId'] }, ',', { 'Fn::ImportValue': Match.stringLikeRegexp('CacheClients') }]] } });
    compute.hasOutput('FlinkSubnets', Match.anyValue());
  });

  it('gives the Flink jobs a KMS-encrypted dead-letter queue they may send to, and a payload folder they may only put under', () => {
    compute.hasResourceProperties('AWS::SQS::Queue', { QueueName: 'clickstream-jobs-dlq', KmsMasterKeyId: { 'Fn::ImportValue': Match.stringLikeRegexp('DataKey') }, MessageRetentionPeriod: 1_209_600 });
    const flinkPolicy = JSON.stringify(compute.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: Match.stringLikeRegexp('^FlinkRole') }] } }));
    expect(flinkPolicy).toMatch(/"sqs:SendMessage"[^}]*"Resource":\{"Fn::GetAtt":\["JobsDeadLetters[0-9A-F]+","Arn"\]\}/);
    expect(flinkPolicy).toMatch(/"Action":\["s3:PutObject"[^\]]*\][^}]*DeadLetterPayloads[^"]*Arn[^}]*\}\s*,\s*"\/flink\/\*"/);
    // Nothing on the payload bucket but puts: the jobs never read a payload back.
    expect(flinkPolicy).not.toMatch(/"s3:GetObject[^\]]*\][^}]*DeadLetterPayloads/);
    compute.hasOutput('JobsDeadLetterQueueUrl', { Value: { Ref: Match.stringLikeRegexp('^JobsDeadLetters') } });
    data.hasOutput('JobsDeadLetterPayloads', { Value: { 'Fn::Join': ['', ['s3://', { Ref: Match.stringLikeRegexp('^DeadLetterPayloads') }, '/flink']] } });
  });

  it('feeds the enricher from an enhanced fan-out consumer with partial failures, bisect, bounded retries and age, and an on-failure queue', () => {
    compute.resourceCountIs('AWS::Kinesis::StreamConsumer', 1);
    compute.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^EnricherConsumer'), 'ConsumerARN'] },
      BatchSize: 200,
      MaximumBatchingWindowInSeconds: 1,
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 5,
      MaximumRecordAgeInSeconds: 3600,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      StartingPosition: 'LATEST',
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [Match.stringLikeRegexp('^EnricherOnFailure'), 'Arn'] } } },
    });
    compute.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Handler: 'index.handler',
      ReservedConcurrentExecutions: 20,
      VpcConfig: Match.objectLike({ SubnetIds: Match.anyValue() }),
      Environment: { Variables: Match.objectLike({ PREDICTIONS_TABLE: Match.anyValue(), REDIS_URL: Match.anyValue(), REDIS_AUTH_SECRET_ARN: Match.anyValue(), DEAD_LETTER_QUEUE: Match.anyValue(), MODEL_NAME: 'click-anomaly' }) },
    });
    compute.hasResourceProperties('AWS::SQS::Queue', { QueueName: 'clickstream-enricher-on-failure', KmsMasterKeyId: Match.anyValue() });
  });

  it('runs the producer as one Fargate task at a time, configured by environment, stopped gracefully, writing only where it must', () => {
    compute.hasResourceProperties('AWS::ECS::Service', {
      ServiceName: 'clickstream-producer',
      DesiredCount: 1,
      LaunchType: 'FARGATE',
      DeploymentConfiguration: { MinimumHealthyPercent: 0, MaximumPercent: 100, DeploymentCircuitBreaker: { Enable: true, Rollback: true } },
      NetworkConfiguration: { AwsvpcConfiguration: Match.objectLike({ AssignPublicIp: 'DISABLED' }) },
    });
    compute.hasResourceProperties('AWS::ECS::Cluster', { ClusterSettings: [{ Name: 'containerInsights', Value: 'enabled' }] });
    compute.hasResourceProperties('AWS::ECS::TaskDefinition', {
      RuntimePlatform: { CpuArchitecture: 'ARM64', OperatingSystemFamily: 'LINUX' },
      Cpu: '1024',
      Memory: '2048',
      ContainerDefinitions: [
        Match.objectLike({
          Command: ['tail', '--log', 'json'],
          StopTimeout: 120,
          ReadonlyRootFilesystem: true,
          LinuxParameters: { InitProcessEnabled: true },
          LogConfiguration: Match.objectLike({ LogDriver: 'awslogs' }),
          Environment: Match.arrayWith([
            { Name: 'ES_INDEX', Value: 'clickstream-*' },
            { Name: 'RAW_STREAM', Value: Match.anyValue() },
            { Name: 'CHECKPOINT', Value: { 'Fn::Join': ['', ['dynamodb:', Match.anyValue(), '/tail']] } },
            { Name: 'DEAD_LETTER', Value: { 'Fn::Join': ['', ['sqs:', Match.anyValue()]] } },
            { Name: 'DEAD_LETTER_PAYLOADS', Value: { 'Fn::Join': ['', ['s3://', Match.anyValue(), '/producer/']] } },
          ]),
        }),
      ],
    });
    compute.hasResourceProperties('AWS::SQS::Queue', { QueueName: 'clickstream-producer-dlq', KmsMasterKeyId: Match.anyValue() });
    const producerPolicy = JSON.stringify(compute.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: Match.stringLikeRegexp('^ProducerTaskTaskRole') }] } }));
    expect(producerPolicy).toContain('kinesis:PutRecords');
    expect(producerPolicy).toContain('sqs:SendMessage');
    expect(producerPolicy).toMatch(/DeadLetterPayloads[^"]*Arn[^}]*\}\s*,\s*"\/producer\/\*"/);
    expect(producerPolicy).not.toContain('kinesis:GetRecords');
    expect(producerPolicy).not.toContain('s3:GetObject');
    // The image: the bundled producer and its Dockerfile, staged by synth (built by `cdk deploy`, which needs Docker).
    const manifest = JSON.parse(readFileSync(join(outdir, 'clickstream-compute.assets.json'), 'utf8')) as { dockerImages: Record<string, { source: { directory: string; platform?: string } }> };
    const images = Object.values(manifest.dockerImages);
    expect(images).toHaveLength(1);
    expect(images[0]?.source.platform).toBe('linux/arm64');
    expect(readdirSync(join(outdir, images[0]?.source.directory ?? 'missing')).sort()).toEqual(['Dockerfile', 'producer.mjs', 'producer.mjs.map']);
  });

  it('gives the producer an Elasticsearch API key from Secrets Manager when one is configured, never in plain text', () => {
    const app = buildApp(infraConfig({ name: 'keyed', producer: { elasticsearchApiKeySecret: 'es/producer-api-key' } }), [], mkdtempSync(join(tmpdir(), 'cdk-')));
    Template.fromStack(app.compute).hasResourceProperties('AWS::ECS::TaskDefinition', {
      ContainerDefinitions: [Match.objectLike({ Secrets: [{ Name: 'ES_API_KEY', ValueFrom: Match.anyValue() }], Environment: Match.not(Match.arrayWith([Match.objectLike({ Name: 'ES_API_KEY' })])) })],
    });
  });

  it('grants no wildcard action on the data plane to anyone', () => {
    const statements = [...Object.values(data.findResources('AWS::IAM::Policy')), ...Object.values(compute.findResources('AWS::IAM::Policy'))].flatMap(
      (policy) => (policy as { Properties: { PolicyDocument: { Statement: { Action: string | string[] }[] } } }).Properties.PolicyDocument.Statement,
    );
    const actions = statements.flatMap((statement) => (Array.isArray(statement.Action) ? statement.Action : [statement.Action]));
    expect(actions.length).toBeGreaterThan(10);
    expect(actions.filter((action) => action === '*' || /^(kinesis|dynamodb|s3|sqs|elasticache|secretsmanager):\*$/.test(action))).toEqual([]);
    compute.hasResourceProperties('AWS::IAM::Role', { RoleName: 'clickstream-flink', AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'kinesisanalytics.amazonaws.com' } })] } });
  });

  it('alarms on lag, throttles, Flink downtime and checkpoints, Lambda errors, dead letters, the cache and the ML API, to an encrypted topic', () => {
    observability.hasResourceProperties('AWS::SNS::Topic', { TopicName: 'clickstream-alarms', KmsMasterKeyId: Match.anyValue() });
    observability.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'oncall@example.com' });
    // 2 streams x 2, 2 Flink applications x 3, the producer 2, the enricher 3, 4 dead-letter queues, DynamoDB 1, the cache 3, the ML API 2.
    observability.resourceCountIs('AWS::CloudWatch::Alarm', 25);
    const alarms = Object.values(observability.findResources('AWS::CloudWatch::Alarm')) as { Properties: { AlarmName: string; AlarmActions: unknown[]; OKActions: unknown[] } }[];
    expect(alarms.every((alarm) => alarm.Properties.AlarmActions.length === 1 && alarm.Properties.OKActions.length === 1)).toBe(true);
    observability.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'clickstream-user-activity.v1-downtime', Namespace: 'AWS/KinesisAnalytics', MetricName: 'downtime', Dimensions: [{ Name: 'Application', Value: 'clickstream-user-activity.v1' }], Threshold: 0 });
    observability.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'clickstream-enricher-dead-letters', MetricName: 'ApproximateNumberOfMessagesVisible', EvaluationPeriods: 1 });
    observability.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'clickstream-producer-dead-letters', MetricName: 'ApproximateNumberOfMessagesVisible', EvaluationPeriods: 1 });
    // One visible message is enough: > 0 of a whole count (the jobs' letters, as the others).
    observability.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'clickstream-jobs-dead-letters',
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::ImportValue': Match.stringLikeRegexp('JobsDeadLetters') } }],
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 0,
      EvaluationPeriods: 1,
    });
    observability.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'clickstream-producer-lag', Namespace: 'Clickstream/Producer', MetricName: 'LagBehindNewest', Threshold: 60_000 });
    observability.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'clickstream-producer-not-running',
      Metrics: Match.arrayWith([Match.objectLike({ Expression: 'IF(FILL(tasks, 0) < 1, 1, 0)' }), Match.objectLike({ MetricStat: Match.objectLike({ Metric: Match.objectLike({ Namespace: 'ECS/ContainerInsights', MetricName: 'RunningTaskCount' }) }) })]),
    });
    observability.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'clickstream-ml-error-rate', Threshold: 5, Metrics: Match.arrayWith([Match.objectLike({ Expression: 'IF(calls > 0, 100 * errors / calls, 0)' })]) });
    observability.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'clickstream-cache-evictions', Namespace: 'AWS/ElastiCache', Dimensions: [{ Name: 'clusterId', Value: 'clickstream-reference' }] });
    // Thresholds from the config: one given, the others defaulted.
    observability.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'clickstream-ml-latency', Threshold: 250, ExtendedStatistic: 'p99' });
    observability.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'clickstream-raw-iterator-age', Threshold: 60_000 });
    observability.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
  });

  it('refuses a bad config, naming each problem', () => {
    expect(() => infraConfig({ name: 'Bad_Name', streams: { mode: 'provisioned', rawShards: 0, featureShards: 1 }, enricher: { batchSize: 0 } })).toThrow(
      /invalid infrastructure config: name: lower-case letters.*; streams\.rawShards: .*; enricher\.batchSize: /,
    );
  });
});
