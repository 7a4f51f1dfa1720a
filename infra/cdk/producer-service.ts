/**
 * The producer in AWS: one ECS Fargate task running `tail` (Elasticsearch -> the raw stream) from
 * the image producer/container/ builds, with its checkpoint in DynamoDB, its dead letters in its own
 * SQS queue and oversized ones in the payload bucket under `producer/`.
 *
 * Exactly one task at a time: a deployment stops the old task (SIGTERM: it finishes its page, saves
 * its position and exits) before the new one starts, and a second task with the same checkpoint
 * would fail its conditional save rather than send twice.
 */
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Platform } from 'aws-cdk-lib/aws-ecr-assets';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct, type IConstruct } from 'constructs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../common/repo-paths.js';
import { bundleProducerImage } from '../../producer/container/bundle.js';
import { producerTaskEnvironment } from '../../producer/container/task-environment.js';
import type { InfraConfig } from './config.js';
import type { DataStack } from './data-stack.js';

/** Where synth writes the image context (the bundle and the Dockerfile): git-ignored build output. */
export const PRODUCER_IMAGE_DIR = join(REPO_ROOT, 'build/producer-image');

export class ProducerService extends Construct {
  readonly service: ecs.FargateService;
  readonly taskDefinition: ecs.FargateTaskDefinition;
  readonly deadLetters: sqs.Queue;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, config: InfraConfig, data: DataStack) {
    super(scope, id);
    const settings = config.producer;
    this.deadLetters = new sqs.Queue(this, 'DeadLetters', { queueName: `${config.name}-producer-dlq`, encryption: sqs.QueueEncryption.KMS, encryptionMasterKey: data.key, enforceSSL: true, retentionPeriod: Duration.days(14) });
    Validations.of(this.deadLetters).acknowledge({ id: 'AwsSolutions-SQS3', reason: 'This queue is itself the dead-letter destination; a queue behind it would only move the same messages again.' });
    this.logGroup = new logs.LogGroup(this, 'Logs', { retention: logs.RetentionDays.ONE_MONTH, removalPolicy: RemovalPolicy.DESTROY });

    const cluster = new ecs.Cluster(this, 'Cluster', { vpc: data.vpc, containerInsightsV2: ecs.ContainerInsights.ENABLED });
    this.taskDefinition = new ecs.FargateTaskDefinition(this, 'Task', {
      cpu: settings.cpu,
      memoryLimitMiB: settings.memoryMiB,
      runtimePlatform: { cpuArchitecture: ecs.CpuArchitecture.ARM64, operatingSystemFamily: ecs.OperatingSystemFamily.LINUX },
    });
    const apiKey = settings.elasticsearchApiKeySecret === undefined ? undefined : secretsmanager.Secret.fromSecretNameV2(this, 'ElasticsearchApiKey', settings.elasticsearchApiKeySecret);
    bundleProducerImage(PRODUCER_IMAGE_DIR);
    this.taskDefinition.addContainer('producer', {
      image: ecs.ContainerImage.fromAsset(PRODUCER_IMAGE_DIR, { platform: Platform.LINUX_ARM64 }),
      command: ['tail', '--log', 'json'],
      environment: producerTaskEnvironment({
        elasticsearchUrl: settings.elasticsearchUrl,
        index: settings.index,
        stream: data.rawStream.streamName,
        region: Stack.of(this).region,
        checkpointTable: data.checkpoints.tableName,
        deadLetterQueueUrl: this.deadLetters.queueUrl,
        payloadStore: `s3://${data.deadLetterPayloads.bucketName}/producer/`,
        pageSize: settings.pageSize,
        slices: settings.slices,
        lanes: settings.lanes,
      }),
      ...(apiKey === undefined ? {} : { secrets: { ES_API_KEY: ecs.Secret.fromSecretsManager(apiKey) } }),
      // JSON logs with CloudWatch EMF metrics (Clickstream/Producer) go to stdout; CloudWatch Logs extracts the metrics.
      logging: ecs.LogDrivers.awsLogs({ logGroup: this.logGroup, streamPrefix: 'producer' }),
      // Fargate's longest: time for the page in flight and the checkpoint save after SIGTERM.
      stopTimeout: Duration.seconds(120),
      // A PID 1 that forwards signals and reaps children (tini), so SIGTERM reaches Node.
      linuxParameters: new ecs.LinuxParameters(this, 'Linux', { initProcessEnabled: true }),
      readonlyRootFilesystem: true,
    });
    const role = this.taskDefinition.taskRole;
    data.rawStream.grantWrite(role);
    data.checkpoints.grantReadWriteData(role);
    this.deadLetters.grantSendMessages(role);
    data.deadLetterPayloads.grantPut(role, 'producer/*');

    const network = new ec2.SecurityGroup(this, 'Network', { vpc: data.vpc, description: 'Producer: out to Elasticsearch, Kinesis, DynamoDB, SQS, S3', allowAllOutbound: true });
    this.service = new ecs.FargateService(this, 'Service', {
      serviceName: `${config.name}-producer`,
      cluster,
      taskDefinition: this.taskDefinition,
      desiredCount: 1,
      // Never two tasks at once: stop the old one (it saves its position), then start the new one.
      minHealthyPercent: 0,
      maxHealthyPercent: 100,
      circuitBreaker: { enable: true, rollback: true },
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      securityGroups: [network],
      assignPublicIp: false,
    });

    // cdk-nag findings that are by design, each with its reason.
    const payloadsArn = `${data.stackName}:ExportsOutputFnGetAttDeadLetterPayloads432E7C19ArnAC44F12F`;
    const kmsGrant = 'The CDK grant for the KMS-encrypted table, queue and bucket: data keys are generated per call, so the action has a wildcard; the key itself is named.';
    const acknowledge = (scope: IConstruct, reasons: Readonly<Record<string, string>>) => {
      for (const [finding, reason] of Object.entries(reasons)) Validations.of(scope).acknowledge({ id: finding, reason });
    };
    // The roles are the task definition's children; acknowledging on each keeps one role's reasons off the other.
    acknowledge(this.taskDefinition.node.findChild('TaskRole'), {
      'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]': kmsGrant,
      'AwsSolutions-IAM5[Action::kms:ReEncrypt*]': kmsGrant,
      'AwsSolutions-IAM5[Action::s3:Abort*]': 'The CDK put grant on the payload bucket, limited to producer/: an interrupted multipart upload of a large payload is aborted.',
      [`AwsSolutions-IAM5[Resource::${payloadsArn}/producer/*]`]: 'Oversized dead letters, one object per document with a name derived from its index, id and hash.',
    });
    acknowledge(this.taskDefinition.node.findChild('ExecutionRole'), {
      'AwsSolutions-IAM5[Resource::*]': 'ecr:GetAuthorizationToken, which ECS needs to pull the image, takes no resource.',
    });
    acknowledge(this.taskDefinition, {
      'AwsSolutions-ECS2': 'The environment holds names and addresses only (stream, table, queue, bucket, Elasticsearch URL); the Elasticsearch API key comes from Secrets Manager as an ECS secret.',
    });
  }
}
