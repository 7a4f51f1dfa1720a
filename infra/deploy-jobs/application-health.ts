/**
 * Whether a Managed Flink application deploy-jobs just started or updated is healthy. RUNNING alone
 * is not: an application whose job restarts in a loop is RUNNING. Healthy means:
 *
 * 1. the operation the call started (StartApplication's or UpdateApplication's `OperationId`) ended
 *    SUCCESSFUL (DescribeApplicationOperation); FAILED says why, and whether the service rolled the
 *    application back itself (system rollback: `OperationFailureDetails.RollbackOperationId`);
 * 2. then, for a settling window, the application stays RUNNING and its job does not restart: the
 *    CloudWatch metric `fullRestarts` (namespace AWS/KinesisAnalytics, dimension Application; "the
 *    total number of times this job has fully restarted since it was submitted", Managed Flink's
 *    metrics reference) does not grow.
 *
 * The window counts polls (`settleMs / pollIntervalMs` of them), so what it decides depends on what
 * the service answers, not on how fast this machine is.
 */
import { GetMetricDataCommand, type CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { DescribeApplicationCommand, DescribeApplicationOperationCommand, type KinesisAnalyticsV2Client } from '@aws-sdk/client-kinesis-analytics-v2';
import { setTimeout as sleep } from 'node:timers/promises';

export interface HealthSettings {
  readonly waitTimeoutMs: number;
  readonly pollIntervalMs: number;
  /** How long the application must stay RUNNING without a restart. */
  readonly settleMs: number;
}

export type Health =
  | { readonly healthy: true; readonly summary: string }
  | {
      readonly healthy: false;
      readonly summary: string;
      /** The status the application was left in. */
      readonly status: string;
      /** The service already returned the application to its earlier version. */
      readonly rolledBackByService: boolean;
    };

export class ApplicationHealth {
  constructor(
    private readonly flink: KinesisAnalyticsV2Client,
    private readonly cloudWatch: CloudWatchClient,
    private readonly settings: HealthSettings,
    private readonly log: (line: string) => void,
  ) {}

  private async status(application: string): Promise<string> {
    return (await this.flink.send(new DescribeApplicationCommand({ ApplicationName: application }))).ApplicationDetail?.ApplicationStatus ?? 'UNKNOWN';
  }

  /** The job's restarts so far, as CloudWatch last reported them (0 before any datapoint). */
  private async fullRestarts(application: string): Promise<number> {
    const end = new Date();
    const result = await this.cloudWatch.send(
      new GetMetricDataCommand({
        StartTime: new Date(end.getTime() - 15 * 60_000),
        EndTime: end,
        MetricDataQueries: [
          { Id: 'restarts', MetricStat: { Metric: { Namespace: 'AWS/KinesisAnalytics', MetricName: 'fullRestarts', Dimensions: [{ Name: 'Application', Value: application }] }, Period: 60, Stat: 'Maximum' } },
        ],
      }),
    );
    return Math.max(0, ...(result.MetricDataResults?.[0]?.Values ?? []));
  }

  /** Waits for the operation, then watches the settling window; says what went wrong when it did. */
  async waitUntilHealthy(application: string, operationId: string | undefined, job: string): Promise<Health> {
    const started = Date.now();
    const elapsed = () => `${String(Math.round((Date.now() - started) / 1000))} s`;
    if (operationId !== undefined) {
      let last: string | undefined;
      for (;;) {
        const info = (await this.flink.send(new DescribeApplicationOperationCommand({ ApplicationName: application, OperationId: operationId }))).ApplicationOperationInfoDetails;
        const status = info?.OperationStatus ?? 'IN_PROGRESS';
        if (status !== last) this.log(`${job}: ${info?.Operation ?? 'operation'} ${status} (${elapsed()})`);
        last = status;
        if (status === 'SUCCESSFUL') break;
        if (status === 'FAILED' || status === 'CANCELLED') {
          const failure = info?.OperationFailureDetails;
          const rolledBack = failure?.RollbackOperationId !== undefined;
          return {
            healthy: false,
            status: await this.status(application),
            rolledBackByService: rolledBack,
            summary: `${info?.Operation ?? 'the operation'} ${status}: ${failure?.ErrorInfo?.ErrorString ?? 'no reason given'}${rolledBack ? ' (the service rolled the application back to its earlier version: system rollback)' : ''}; see its CloudWatch logs`,
          };
        }
        if (Date.now() - started > this.settings.waitTimeoutMs) return { healthy: false, status: await this.status(application), rolledBackByService: false, summary: `${info?.Operation ?? 'the operation'} not finished after ${elapsed()}` };
        await sleep(this.settings.pollIntervalMs);
      }
    }
    // Settling: RUNNING throughout, and no restart.
    const polls = Math.max(1, Math.ceil(this.settings.settleMs / this.settings.pollIntervalMs));
    const baseline = await this.fullRestarts(application);
    for (let poll = 0; poll < polls; poll++) {
      await sleep(this.settings.pollIntervalMs);
      const status = await this.status(application);
      if (status !== 'RUNNING') return { healthy: false, status, rolledBackByService: false, summary: `left RUNNING for ${status} while settling (${elapsed()})` };
      const restarts = await this.fullRestarts(application);
      if (restarts > baseline) {
        return { healthy: false, status, rolledBackByService: false, summary: `RUNNING, but its job restarted ${String(restarts - baseline)} time(s) while settling (CloudWatch fullRestarts ${String(baseline)} -> ${String(restarts)}): it is failing; see its CloudWatch logs` };
      }
    }
    return { healthy: true, summary: `RUNNING without a restart for ${String(Math.round(this.settings.settleMs / 1000))} s after ${elapsed()}` };
  }
}
