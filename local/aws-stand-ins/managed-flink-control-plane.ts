/**
 * A stand-in for the control plane of Amazon Managed Service for Apache Flink (API
 * `KinesisAnalytics_20180523`, AWS JSON 1.1) and the one CloudWatch call deploy-jobs makes about it
 * (`GetMetricData` of `fullRestarts`, AWS JSON 1.0), served on a loopback port to the real AWS SDK.
 * Not a yes-mock: it refuses what the service refuses, per the API reference and the service model:
 *
 * - every request is checked against botocore's model of the operation (required members, lengths,
 *   patterns, enums, ranges): InvalidArgumentException, in AWS's wording;
 * - an application name is taken once (ResourceInUseException); an unknown one is ResourceNotFoundException;
 * - which status accepts which call: StartApplication only READY; StopApplication RUNNING (or any with
 *   Force); UpdateApplication and AddApplicationVpcConfiguration READY or RUNNING; RollbackApplication
 *   only UPDATING, AUTOSCALING or RUNNING, and only with a snapshot (InvalidRequestException without);
 * - `CurrentApplicationVersionId` must be the current version (ConcurrentModificationException), and
 *   every change makes a new version;
 * - transitions take time: a call leaves the application STARTING, UPDATING, ROLLING_BACK or STOPPING,
 *   and each later request about it moves it one step, so a client must poll as it must on AWS;
 * - with system rollback enabled, an update whose job fails to start is rolled back to the version
 *   before it (the operation FAILED, the application RUNNING the earlier version).
 *
 * What the application's job does when it runs is set by the test (`behave`): healthy, failing to
 * start, or running in a restart loop (RUNNING, with `fullRestarts` growing), the case RUNNING alone
 * does not reveal.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ServiceModel } from './service-model.js';

export type JobBehaviour = 'healthy' | 'fails-to-start' | 'restart-loop';

type Status = 'READY' | 'STARTING' | 'RUNNING' | 'UPDATING' | 'AUTOSCALING' | 'STOPPING' | 'ROLLING_BACK' | 'ROLLED_BACK' | 'DELETING' | 'FORCE_STOPPING' | 'MAINTENANCE';

interface Configuration {
  readonly code: unknown;
  readonly propertyGroups: readonly { PropertyGroupId: string; PropertyMap: Record<string, string> }[];
  readonly flink: Record<string, unknown>;
  readonly snapshotsEnabled: boolean;
  readonly systemRollback: boolean;
  readonly vpcs: readonly { VpcConfigurationId: string; SubnetIds: string[]; SecurityGroupIds: string[]; VpcId: string }[];
  readonly behaviour: JobBehaviour;
}

interface Operation {
  readonly id: string;
  readonly type: string;
  status: 'IN_PROGRESS' | 'SUCCESSFUL' | 'FAILED' | 'CANCELLED';
  readonly start: number;
  end?: number;
  failure?: string;
  rollbackOperationId?: string;
}

interface Application {
  readonly name: string;
  readonly arn: string;
  readonly runtime: string;
  readonly role: string;
  readonly created: number;
  status: Status;
  version: number;
  config: Configuration;
  /** The configuration the application last ran successfully: what a rollback returns to. */
  lastRunning?: Configuration;
  /** The operation the current transition completes. */
  pending?: Operation | undefined;
  readonly operations: Operation[];
  readonly snapshots: { name: string; created: number; version: number }[];
  restarts: number;
  logging: unknown;
  rolledBackFrom?: number;
}

class ApiError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
const seconds = (millis: number) => millis / 1_000;

export class ManagedFlinkControlPlane {
  private readonly flinkModel = new ServiceModel('kinesisanalyticsv2', '2018-05-23');
  private readonly cloudWatchModel = new ServiceModel('cloudwatch', '2010-08-01');
  private readonly applications = new Map<string, Application>();
  private readonly behaviours = new Map<string, JobBehaviour>();
  private server: Server | undefined;
  /** Every call in order, `Operation application`: what a test can assert the client did. */
  readonly calls: string[] = [];

  /** Starts serving on a free loopback port; returns the endpoint for the SDK clients. */
  async start(): Promise<string> {
    const server = createServer((request, response) => {
      void this.handle(request, response);
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`;
  }

  async stop(): Promise<void> {
    const { server } = this;
    if (server === undefined) return;
    await new Promise<void>((resolve) => {
      server.close(() => {
        resolve();
      });
    });
  }

  /** What the job of `application` does the next time the service starts or updates it. */
  behave(application: string, behaviour: JobBehaviour): void {
    this.behaviours.set(application, behaviour);
  }

  /** A snapshot, as the service takes them (on stop, before an update, or on request). */
  snapshot(application: string): void {
    const app = this.app(application);
    app.snapshots.push({ name: `snapshot-${String(app.snapshots.length + 1)}`, created: Date.now(), version: app.version });
  }

  status(application: string): string | undefined {
    return this.applications.get(application)?.status;
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const target = String(request.headers['x-amz-target'] ?? '');
    const [prefix, operation = ''] = target.split('.');
    const json = prefix === this.cloudWatchModel.targetPrefix ? '1.0' : '1.1';
    const send = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': `application/x-amz-json-${json}` });
      response.end(JSON.stringify(body));
    };
    try {
      const input = (chunks.length === 0 ? {} : JSON.parse(Buffer.concat(chunks).toString('utf8'))) as Record<string, unknown>;
      const model = prefix === this.flinkModel.targetPrefix ? this.flinkModel : prefix === this.cloudWatchModel.targetPrefix ? this.cloudWatchModel : undefined;
      if (model === undefined || !model.hasOperation(operation)) throw new ApiError('UnknownOperationException', `unknown operation ${target}`);
      this.calls.push(`${operation} ${typeof input.ApplicationName === 'string' ? input.ApplicationName : ''}`.trim());
      const violations = model.violations(operation, input);
      if (violations.length > 0) throw new ApiError('InvalidArgumentException', `${String(violations.length)} validation error(s) detected: ${violations.join('; ')}`);
      send(200, this.dispatch(operation, input));
    } catch (error) {
      if (error instanceof ApiError) send(400, { __type: error.type, message: error.message });
      else send(500, { __type: 'InternalFailure', message: error instanceof Error ? error.message : String(error) });
    }
  }

  private dispatch(operation: string, input: Record<string, unknown>): unknown {
    switch (operation) {
      case 'CreateApplication':
        return this.create(input);
      case 'DescribeApplication':
        return { ApplicationDetail: this.detail(this.tick(this.app(String(input.ApplicationName)))) };
      case 'ListApplications':
        return { ApplicationSummaries: [...this.applications.values()].map((app) => this.tick(app)).map((app) => ({ ApplicationName: app.name, ApplicationARN: app.arn, ApplicationStatus: app.status, ApplicationVersionId: app.version, RuntimeEnvironment: app.runtime })) };
      case 'ListApplicationSnapshots':
        return { SnapshotSummaries: this.app(String(input.ApplicationName)).snapshots.map((snapshot) => ({ SnapshotName: snapshot.name, SnapshotStatus: 'READY', ApplicationVersionId: snapshot.version, SnapshotCreationTimestamp: seconds(snapshot.created), RuntimeEnvironment: 'FLINK-1_19' })) };
      case 'StartApplication':
        return this.startApplication(this.app(String(input.ApplicationName)));
      case 'StopApplication':
        return this.stopApplication(this.app(String(input.ApplicationName)), input.Force === true);
      case 'UpdateApplication':
        return this.update(this.app(String(input.ApplicationName)), input);
      case 'AddApplicationVpcConfiguration':
        return this.addVpc(this.app(String(input.ApplicationName)), input);
      case 'RollbackApplication':
        return this.rollback(this.app(String(input.ApplicationName)), Number(input.CurrentApplicationVersionId));
      case 'DescribeApplicationOperation': {
        const app = this.tick(this.app(String(input.ApplicationName)));
        const found = app.operations.find((candidate) => candidate.id === input.OperationId);
        if (found === undefined) throw new ApiError('ResourceNotFoundException', `operation ${String(input.OperationId)} of ${app.name} not found`);
        return { ApplicationOperationInfoDetails: this.operationInfo(found) };
      }
      case 'ListApplicationOperations': {
        const app = this.tick(this.app(String(input.ApplicationName)));
        return { ApplicationOperationInfoList: app.operations.map((operation) => ({ Operation: operation.type, OperationId: operation.id, OperationStatus: operation.status, StartTime: seconds(operation.start), ...(operation.end === undefined ? {} : { EndTime: seconds(operation.end) }) })) };
      }
      case 'GetMetricData':
        return this.metricData(input);
      default:
        throw new ApiError('UnsupportedOperationException', `${operation} is not served by this stand-in`);
    }
  }

  private app(name: string): Application {
    const app = this.applications.get(name);
    if (app === undefined) throw new ApiError('ResourceNotFoundException', `Application ${name} does not exist`);
    return app;
  }

  private refuseUnless(app: Application, allowed: readonly Status[], operation: string): void {
    if (!allowed.includes(app.status)) throw new ApiError('ResourceInUseException', `Application ${app.name} is in ${app.status} status; ${operation} requires ${allowed.join(' or ')}`);
  }

  private checkVersion(app: Application, version: unknown): void {
    if (version !== app.version) throw new ApiError('ConcurrentModificationException', `Application ${app.name}: CurrentApplicationVersionId ${String(version)} is not the current version ${String(app.version)}`);
  }

  private begin(app: Application, type: string, status: Status): Operation {
    const operation: Operation = { id: randomUUID().slice(0, 16), type, status: 'IN_PROGRESS', start: Date.now() };
    app.operations.push(operation);
    app.pending = operation;
    app.status = status;
    return operation;
  }

  private finish(app: Application, status: Operation['status'], failure?: string): void {
    const operation = app.pending;
    app.pending = undefined;
    if (operation === undefined) return;
    operation.status = status;
    operation.end = Date.now();
    if (failure !== undefined) operation.failure = failure;
  }

  /** One step of the application's transition, as time passing on the service would make it. */
  private tick(app: Application): Application {
    if (app.status === 'RUNNING' && app.config.behaviour === 'restart-loop') app.restarts += 1;
    switch (app.status) {
      case 'STARTING':
      case 'UPDATING': {
        const { behaviour } = app.config;
        if (behaviour === 'fails-to-start') {
          if (app.status === 'UPDATING' && app.config.systemRollback && app.lastRunning !== undefined) {
            // System rollback: the service returns the application to the version that last ran.
            const rollback: Operation = { id: randomUUID().slice(0, 16), type: 'RollbackApplication', status: 'SUCCESSFUL', start: Date.now(), end: Date.now() };
            app.operations.push(rollback);
            if (app.pending !== undefined) app.pending.rollbackOperationId = rollback.id;
            this.finish(app, 'FAILED', 'the job failed to start; the service rolled the application back (system rollback)');
            app.rolledBackFrom = app.version;
            app.version += 1;
            app.config = app.lastRunning;
            app.status = 'RUNNING';
          } else {
            this.finish(app, 'FAILED', 'the job failed to start');
            app.status = 'READY';
          }
        } else {
          this.finish(app, 'SUCCESSFUL');
          app.status = 'RUNNING';
          app.lastRunning = app.config;
        }
        return app;
      }
      case 'ROLLING_BACK':
        this.finish(app, 'SUCCESSFUL');
        app.status = 'RUNNING';
        return app;
      case 'STOPPING':
        this.finish(app, 'SUCCESSFUL');
        app.status = 'READY';
        return app;
      default:
        return app;
    }
  }

  private create(input: Record<string, unknown>): unknown {
    const name = String(input.ApplicationName);
    if (this.applications.has(name)) throw new ApiError('ResourceInUseException', `Application ${name} already exists`);
    const configuration = (input.ApplicationConfiguration ?? {}) as Record<string, unknown>;
    const environment = configuration.EnvironmentProperties as { PropertyGroups?: Configuration['propertyGroups'] } | undefined;
    const vpcs = (configuration.VpcConfigurations ?? []) as { SubnetIds: string[]; SecurityGroupIds: string[] }[];
    const app: Application = {
      name,
      arn: `arn:aws:kinesisanalytics:${REGION}:${ACCOUNT}:application/${name}`,
      runtime: String(input.RuntimeEnvironment),
      role: String(input.ServiceExecutionRole),
      created: Date.now(),
      status: 'READY',
      version: 1,
      config: {
        code: configuration.ApplicationCodeConfiguration,
        propertyGroups: environment?.PropertyGroups ?? [],
        flink: (configuration.FlinkApplicationConfiguration ?? {}) as Record<string, unknown>,
        snapshotsEnabled: (configuration.ApplicationSnapshotConfiguration as { SnapshotsEnabled?: boolean } | undefined)?.SnapshotsEnabled ?? false,
        systemRollback: (configuration.ApplicationSystemRollbackConfiguration as { RollbackEnabled?: boolean } | undefined)?.RollbackEnabled ?? false,
        vpcs: vpcs.map((vpc, index) => ({ VpcConfigurationId: `${String(index + 1)}.1`, SubnetIds: vpc.SubnetIds, SecurityGroupIds: vpc.SecurityGroupIds, VpcId: 'vpc-0standin' })),
        behaviour: this.behaviours.get(name) ?? 'healthy',
      },
      operations: [],
      snapshots: [],
      restarts: 0,
      logging: input.CloudWatchLoggingOptions,
    };
    this.applications.set(name, app);
    return { ApplicationDetail: this.detail(app) };
  }

  private startApplication(app: Application): unknown {
    this.refuseUnless(app, ['READY'], 'StartApplication');
    app.config = { ...app.config, behaviour: this.behaviours.get(app.name) ?? app.config.behaviour };
    app.restarts = 0;
    return { OperationId: this.begin(app, 'StartApplication', 'STARTING').id };
  }

  private stopApplication(app: Application, force: boolean): unknown {
    if (!force) this.refuseUnless(app, ['RUNNING'], 'StopApplication (without Force)');
    if (!force && app.config.snapshotsEnabled) this.snapshot(app.name);
    return { OperationId: this.begin(app, 'StopApplication', 'STOPPING').id };
  }

  private update(app: Application, input: Record<string, unknown>): unknown {
    this.refuseUnless(app, ['READY', 'RUNNING'], 'UpdateApplication');
    this.checkVersion(app, input.CurrentApplicationVersionId);
    const update = (input.ApplicationConfigurationUpdate ?? {}) as Record<string, unknown>;
    const properties = update.EnvironmentPropertyUpdates as { PropertyGroups?: Configuration['propertyGroups'] } | undefined;
    const rollback = update.ApplicationSystemRollbackConfigurationUpdate as { RollbackEnabledUpdate?: boolean } | undefined;
    const parallelism = (update.FlinkApplicationConfigurationUpdate as { ParallelismConfigurationUpdate?: { ParallelismUpdate?: number; AutoScalingEnabledUpdate?: boolean } } | undefined)?.ParallelismConfigurationUpdate;
    const current = (app.config.flink.ParallelismConfiguration ?? {}) as { Parallelism?: number; AutoScalingEnabled?: boolean };
    app.config = {
      ...app.config,
      ...(update.ApplicationCodeConfigurationUpdate === undefined ? {} : { code: update.ApplicationCodeConfigurationUpdate }),
      ...(properties?.PropertyGroups === undefined ? {} : { propertyGroups: properties.PropertyGroups }),
      ...(parallelism === undefined
        ? {}
        : { flink: { ...app.config.flink, ParallelismConfiguration: { ...current, Parallelism: parallelism.ParallelismUpdate ?? current.Parallelism, AutoScalingEnabled: parallelism.AutoScalingEnabledUpdate ?? current.AutoScalingEnabled } } }),
      ...(rollback?.RollbackEnabledUpdate === undefined ? {} : { systemRollback: rollback.RollbackEnabledUpdate }),
      behaviour: this.behaviours.get(app.name) ?? app.config.behaviour,
    };
    app.version += 1;
    if (app.status === 'RUNNING') {
      // The service snapshots a running application before restarting it with the update.
      if (app.config.snapshotsEnabled) this.snapshot(app.name);
      app.restarts = 0;
      const operation = this.begin(app, 'UpdateApplication', 'UPDATING');
      return { ApplicationDetail: this.detail(app), OperationId: operation.id };
    }
    return { ApplicationDetail: this.detail(app) };
  }

  private addVpc(app: Application, input: Record<string, unknown>): unknown {
    this.refuseUnless(app, ['READY', 'RUNNING'], 'AddApplicationVpcConfiguration');
    this.checkVersion(app, input.CurrentApplicationVersionId);
    const vpc = input.VpcConfiguration as { SubnetIds: string[]; SecurityGroupIds: string[] };
    app.config = { ...app.config, vpcs: [...app.config.vpcs, { VpcConfigurationId: `${String(app.config.vpcs.length + 1)}.1`, SubnetIds: vpc.SubnetIds, SecurityGroupIds: vpc.SecurityGroupIds, VpcId: 'vpc-0standin' }] };
    app.version += 1;
    const operation = app.status === 'RUNNING' ? this.begin(app, 'AddApplicationVpcConfiguration', 'UPDATING') : undefined;
    return { ApplicationARN: app.arn, ApplicationVersionId: app.version, ...(operation === undefined ? {} : { OperationId: operation.id }) };
  }

  private rollback(app: Application, version: number): unknown {
    this.refuseUnless(app, ['UPDATING', 'AUTOSCALING', 'RUNNING'], 'RollbackApplication');
    this.checkVersion(app, version);
    if (app.snapshots.length === 0) throw new ApiError('InvalidRequestException', `Application ${app.name} has no snapshot to roll back to`);
    if (app.lastRunning === undefined) throw new ApiError('InvalidRequestException', `Application ${app.name} has no earlier running version`);
    app.rolledBackFrom = app.version;
    app.version += 1;
    app.config = { ...app.lastRunning, behaviour: 'healthy' };
    app.restarts = 0;
    const operation = this.begin(app, 'RollbackApplication', 'ROLLING_BACK');
    return { ApplicationDetail: this.detail(app), OperationId: operation.id };
  }

  private operationInfo(operation: Operation): unknown {
    return {
      Operation: operation.type,
      OperationStatus: operation.status,
      StartTime: seconds(operation.start),
      ...(operation.end === undefined ? {} : { EndTime: seconds(operation.end) }),
      ...(operation.failure === undefined ? {} : { OperationFailureDetails: { ErrorInfo: { ErrorString: operation.failure }, ...(operation.rollbackOperationId === undefined ? {} : { RollbackOperationId: operation.rollbackOperationId }) } }),
    };
  }

  private metricData(input: Record<string, unknown>): unknown {
    const queries = input.MetricDataQueries as { Id: string; MetricStat?: { Metric?: { Namespace?: string; MetricName?: string; Dimensions?: { Name: string; Value: string }[] } } }[];
    return {
      MetricDataResults: queries.map((query) => {
        const metric = query.MetricStat?.Metric;
        const application = metric?.Dimensions?.find((dimension) => dimension.Name === 'Application')?.Value;
        const app = application === undefined ? undefined : this.applications.get(application);
        const known = metric?.Namespace === 'AWS/KinesisAnalytics' && metric.MetricName === 'fullRestarts' && app !== undefined;
        return { Id: query.Id, Label: metric?.MetricName ?? query.Id, StatusCode: 'Complete', Timestamps: known ? [seconds(Date.now())] : [], Values: known ? [this.tick(app).restarts] : [] };
      }),
    };
  }

  private detail(app: Application): unknown {
    const { config } = app;
    return {
      ApplicationARN: app.arn,
      ApplicationName: app.name,
      RuntimeEnvironment: app.runtime,
      ServiceExecutionRole: app.role,
      ApplicationStatus: app.status,
      ApplicationVersionId: app.version,
      CreateTimestamp: seconds(app.created),
      ...(app.rolledBackFrom === undefined ? {} : { ApplicationVersionRolledBackFrom: app.rolledBackFrom }),
      ApplicationConfigurationDescription: {
        ApplicationCodeConfigurationDescription: { CodeContentType: 'ZIPFILE', CodeContentDescription: config.code },
        EnvironmentPropertyDescriptions: { PropertyGroupDescriptions: config.propertyGroups },
        FlinkApplicationConfigurationDescription: {
          ParallelismConfigurationDescription: {
            ConfigurationType: 'CUSTOM',
            Parallelism: (config.flink.ParallelismConfiguration as { Parallelism?: number } | undefined)?.Parallelism ?? 1,
            AutoScalingEnabled: (config.flink.ParallelismConfiguration as { AutoScalingEnabled?: boolean } | undefined)?.AutoScalingEnabled ?? false,
          },
        },
        ApplicationSnapshotConfigurationDescription: { SnapshotsEnabled: config.snapshotsEnabled },
        ApplicationSystemRollbackConfigurationDescription: { RollbackEnabled: config.systemRollback },
        ...(config.vpcs.length === 0 ? {} : { VpcConfigurationDescriptions: config.vpcs }),
      },
    };
  }
}
