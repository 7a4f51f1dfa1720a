/**
 * Watching the pipeline: one CloudWatch dashboard for every hop, and alarms on what means "falling
 * behind" or "losing data" (stream lag and throttles, Flink downtime and failed checkpoints, Lambda
 * errors and lag, dead letters, DynamoDB throttles, cache latency and evictions, ML API errors and
 * latency), all sent to one SNS topic.
 */
import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct } from 'constructs';
import type { ComputeStack } from './compute-stack.js';
import type { InfraConfig } from './config.js';
import type { DataStack } from './data-stack.js';

/** The enricher's EMF namespace (enricher/handler.ts). */
const ENRICHER_NAMESPACE = 'Clickstream/Enricher';
/** The producer's EMF namespace (producer/reporting.ts), with dimensions service and stream. */
const PRODUCER_NAMESPACE = 'Clickstream/Producer';

export interface ObservabilityInputs {
  readonly data: DataStack;
  readonly compute: ComputeStack;
  /** The jobs and their Managed Flink application names (deploy-jobs: `<name>-<job>`). */
  readonly flinkJobs: readonly { readonly job: string; readonly application: string }[];
}

export class ObservabilityStack extends Stack {
  readonly topic: sns.Topic;
  readonly dashboard: cloudwatch.Dashboard;
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, config: InfraConfig, inputs: ObservabilityInputs, props: StackProps = {}) {
    super(scope, id, props);
    const { data, compute } = inputs;
    // Its own key: CloudWatch must be allowed to use it to publish alarms to the encrypted topic.
    const topicKey = new kms.Key(this, 'AlarmTopicKey', { enableKeyRotation: true, description: `${config.name}: alarm topic` });
    topicKey.grantEncryptDecrypt(new iam.ServicePrincipal('cloudwatch.amazonaws.com'));
    this.topic = new sns.Topic(this, 'Alarms', { topicName: `${config.name}-alarms`, masterKey: topicKey, enforceSSL: true });
    if (config.alarmEmail !== undefined) this.topic.addSubscription(new subscriptions.EmailSubscription(config.alarmEmail));
    const notify = new actions.SnsAction(this.topic);

    const alarm = (name: string, metric: cloudwatch.IMetric, threshold: number, description: string, periods = 3): cloudwatch.Alarm => {
      const created = new cloudwatch.Alarm(this, name, {
        metric,
        alarmName: `${config.name}-${name}`,
        alarmDescription: description,
        threshold,
        evaluationPeriods: periods,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        // No data is not a problem for throttles and errors; for lag it means nothing flows, which downtime catches.
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      created.addAlarmAction(notify);
      created.addOkAction(notify);
      this.alarms.push(created);
      return created;
    };
    const minute = Duration.minutes(1);
    const limits = config.alarms;
    const lag = `${String(limits.lagMs / 1000)} s`;

    // Streams: how far behind the readers are, and writes refused.
    const streams = [
      { label: 'raw', stream: data.rawStream },
      { label: 'features', stream: data.featuresStream },
    ];
    for (const { label, stream } of streams) {
      alarm(`${label}-iterator-age`, stream.metricGetRecordsIteratorAgeMilliseconds({ statistic: 'Maximum', period: minute }), limits.lagMs, `Readers of ${stream.streamName} are more than ${lag} behind.`);
      alarm(`${label}-write-throttles`, stream.metricWriteProvisionedThroughputExceeded({ statistic: 'Sum', period: minute }), 0, `Writes to ${stream.streamName} are throttled: add shards or check the producer's lanes.`);
    }

    // Flink, per application (AWS/KinesisAnalytics, dimension Application).
    const flink = (application: string, metricName: string, statistic: string) => new cloudwatch.Metric({ namespace: 'AWS/KinesisAnalytics', metricName, dimensionsMap: { Application: application }, statistic, period: minute });
    for (const { job, application } of inputs.flinkJobs) {
      alarm(`${job}-downtime`, flink(application, 'downtime', 'Maximum'), 0, `${application} is not running (downtime > 0): it is restarting or failed.`, 2);
      alarm(`${job}-failed-checkpoints`, flink(application, 'numberOfFailedCheckpoints', 'Maximum'), 0, `${application} failed a checkpoint: state may not be restorable to now.`, 1);
      alarm(`${job}-behind-latest`, flink(application, 'millisBehindLatest', 'Maximum'), limits.lagMs, `${application} reads the stream more than ${lag} behind its tip.`);
    }
    const applications = inputs.flinkJobs.map(({ application }) => application);

    // The producer: its one task runs, keeps up with Elasticsearch, and its dead letters are seen.
    const producerMetric = (metricName: string, statistic: string) =>
      new cloudwatch.Metric({ namespace: PRODUCER_NAMESPACE, metricName, dimensionsMap: { service: 'clickstream-producer', stream: data.rawStream.streamName }, statistic, period: minute });
    const producerTasks = new cloudwatch.Metric({
      namespace: 'ECS/ContainerInsights',
      metricName: 'RunningTaskCount',
      dimensionsMap: { ClusterName: compute.producer.service.cluster.clusterName, ServiceName: compute.producer.service.serviceName },
      statistic: 'Minimum',
      period: minute,
    });
    // No data (the service is gone, or Container Insights has nothing) counts as no task running.
    const producerDown = new cloudwatch.MathExpression({ expression: 'IF(FILL(tasks, 0) < 1, 1, 0)', usingMetrics: { tasks: producerTasks }, label: 'producer not running', period: minute });
    alarm('producer-not-running', producerDown, 0, 'The producer has no running task: nothing moves from Elasticsearch to the raw stream.', 3);
    alarm('producer-lag', producerMetric('LagBehindNewest', 'Maximum'), limits.lagMs, `The producer is more than ${lag} behind the newest document in Elasticsearch.`);

    // The enricher Lambda.
    alarm('enricher-errors', compute.enricher.metricErrors({ statistic: 'Sum', period: minute }), 0, 'The enricher threw (a batch retried whole).', 2);
    alarm('enricher-throttles', compute.enricher.metricThrottles({ statistic: 'Sum', period: minute }), 0, 'The enricher was throttled: raise its concurrency.', 2);
    const enricherIteratorAge = new cloudwatch.Metric({ namespace: 'AWS/Lambda', metricName: 'IteratorAge', dimensionsMap: { FunctionName: compute.enricher.functionName }, statistic: 'Maximum', period: minute });
    alarm('enricher-iterator-age', enricherIteratorAge, limits.lagMs, `The enricher is more than ${lag} behind the features stream.`);

    // Dead letters: every one is a record that did not become a prediction (or a job's row): one visible message alarms.
    for (const [label, queue, who] of [
      ['producer-dead-letters', compute.producer.deadLetters, 'documents the producer could not send'],
      ['enricher-dead-letters', compute.enricherDeadLetters, 'records the enricher gave up on'],
      ['enricher-on-failure', compute.enricherOnFailure, 'records the enricher gave up on'],
      ['jobs-dead-letters', compute.jobsDeadLetters, 'records a Flink job could not read (the letter names the job, stream, shard and sequence number)'],
    ] as const) {
      alarm(label, queue.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum', period: minute }), 0, `${queue.queueName} has messages: ${who}.`, 1);
    }

    alarm('predictions-throttles', data.predictions.metricThrottledRequestsForOperations({ operations: [dynamodb.Operation.BATCH_WRITE_ITEM], statistic: 'Sum', period: minute }), 0, 'DynamoDB throttled prediction writes.', 2);

    // Valkey serverless: the cache's name is the `clusterId` dimension.
    const cacheMetric = (metricName: string, statistic: string) => new cloudwatch.Metric({ namespace: 'AWS/ElastiCache', metricName, dimensionsMap: { clusterId: data.cache.serverlessCacheName }, statistic, period: minute });
    alarm('cache-read-latency', cacheMetric('SuccessfulReadRequestLatency', 'p99'), limits.cacheReadP99Micros, `Cache reads take over ${String(limits.cacheReadP99Micros)} µs at p99: the enricher's lookup budget is 20 ms per batch.`);
    alarm('cache-evictions', cacheMetric('Evictions', 'Sum'), 0, 'The cache evicted keys: reference data is being dropped.', 1);
    alarm('cache-throttled-commands', cacheMetric('ThrottledCmds', 'Sum'), 0, 'The cache throttled commands while scaling.', 2);

    // The ML API, from the enricher's own metrics.
    const enricherMetric = (metricName: string, statistic: string) => new cloudwatch.Metric({ namespace: ENRICHER_NAMESPACE, metricName, dimensionsMap: { service: 'clickstream-enricher' }, statistic, period: minute });
    const mlErrorRate = new cloudwatch.MathExpression({ expression: 'IF(calls > 0, 100 * errors / calls, 0)', usingMetrics: { calls: enricherMetric('MlRequests', 'Sum'), errors: enricherMetric('MlRequestErrors', 'Sum') }, label: 'ML API error rate (%)', period: minute });
    alarm('ml-error-rate', mlErrorRate, limits.mlErrorRatePercent, `More than ${String(limits.mlErrorRatePercent)} % of ML API calls fail after retries.`);
    alarm('ml-latency', enricherMetric('MlRequestLatency', 'p99'), limits.mlLatencyP99Ms, `ML API calls take over ${String(limits.mlLatencyP99Ms)} ms at p99.`);

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', { dashboardName: `${config.name}-pipeline` });
    const graph = (title: string, metrics: cloudwatch.IMetric[]) => new cloudwatch.GraphWidget({ title, left: metrics, width: 8 });
    this.dashboard.addWidgets(
      graph('Stream reader lag (ms)', streams.map(({ stream }) => stream.metricGetRecordsIteratorAgeMilliseconds({ statistic: 'Maximum', period: minute }))),
      graph('Stream write throttles', streams.map(({ stream }) => stream.metricWriteProvisionedThroughputExceeded({ statistic: 'Sum', period: minute }))),
      graph('Records in', streams.map(({ stream }) => stream.metricIncomingRecords({ statistic: 'Sum', period: minute }))),
    );
    this.dashboard.addWidgets(
      graph('Producer documents', [producerMetric('DocumentsRead', 'Sum'), producerMetric('RecordsSent', 'Sum'), producerMetric('DeadLettered', 'Sum'), producerMetric('EntriesRetried', 'Sum')]),
      graph('Producer lag behind Elasticsearch (ms)', [producerMetric('LagBehindNewest', 'Maximum')]),
      graph('Producer tasks running', [producerTasks]),
    );
    this.dashboard.addWidgets(
      graph('Flink downtime (ms)', applications.map((application) => flink(application, 'downtime', 'Maximum'))),
      graph('Flink behind latest (ms)', applications.map((application) => flink(application, 'millisBehindLatest', 'Maximum'))),
      graph('Flink failed checkpoints', applications.map((application) => flink(application, 'numberOfFailedCheckpoints', 'Maximum'))),
    );
    this.dashboard.addWidgets(
      graph('Flink back pressure (ms/s, metrics level TASK)', applications.map((application) => flink(application, 'backPressuredTimeMsPerSecond', 'Maximum'))),
      graph('Enricher errors, throttles', [compute.enricher.metricErrors({ period: minute }), compute.enricher.metricThrottles({ period: minute })]),
      graph('Enricher lag (ms)', [enricherIteratorAge]),
    );
    this.dashboard.addWidgets(
      graph('Predictions written, dead-lettered', [enricherMetric('RecordsWritten', 'Sum'), enricherMetric('RecordsDeadLettered', 'Sum'), enricherMetric('RecordsRetried', 'Sum')]),
      graph('Reference lookups', [enricherMetric('LookupsFresh', 'Sum'), enricherMetric('LookupsCached', 'Sum'), enricherMetric('LookupsMissing', 'Sum')]),
      graph('ML API', [mlErrorRate, enricherMetric('MlRequestLatency', 'p99')]),
    );
    this.dashboard.addWidgets(
      graph('Cache read latency p99 (µs)', [cacheMetric('SuccessfulReadRequestLatency', 'p99')]),
      graph('Cache evictions, throttled', [cacheMetric('Evictions', 'Sum'), cacheMetric('ThrottledCmds', 'Sum')]),
      graph('Dead letters waiting', [compute.producer.deadLetters, compute.enricherDeadLetters, compute.enricherOnFailure, compute.jobsDeadLetters].map((queue) => queue.metricApproximateNumberOfMessagesVisible())),
    );
  }
}
