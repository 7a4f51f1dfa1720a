import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { KinesisClient } from '@aws-sdk/client-kinesis';
import { afterAll, beforeAll, inject } from 'vitest';
import { localKinesisClient } from '../../common/aws-clients.js';
import { ensureRunnerJar } from '../../runner/runner-jar.js';
import { createStream, putJson, waitForRecords } from '../../local/services/kinesis-streams.js';
import { ManagedProcess } from '../../common/process/managed-process.js';
import { compileJob } from '../../sql/compiler/compile-job.js';
import { localTarget, type ReferenceLocations } from '../../sql/compiler/compile-target.js';
import { jobIdentity } from '../../sql/compiler/job-identity.js';
import { jobInputs } from '../../sql/compiler/job-inputs.js';
import type { Job } from '../../sql/dsl/job-kinds.js';
import { uniqueName } from './unique-name.js';

export interface Deployment {
  /** Physical names of the job's source and sink streams, fresh for this deployment. */
  readonly streams: { readonly source: string; readonly sink: string };
  readonly folder: string;
  readonly start: (extraArgs?: readonly string[]) => ManagedProcess;
}

/**
 * Compiles jobs against fresh streams of the local Kinesis API and runs each on the runner jar
 * (embedded Flink), as `npm run deploy-jobs -- --target local` will; stops every runner it started.
 */
export class FlinkJobHarness {
  private readonly runners: ManagedProcess[] = [];
  private jar = '';

  constructor(
    private readonly client: KinesisClient,
    private readonly kinesisEndpoint: string,
    private readonly references: ReferenceLocations = {},
  ) {}

  /** Builds the runner jar if it is missing or older than its sources. */
  prepare(): void {
    this.jar = ensureRunnerJar();
  }

  async deploy(job: Job, name: string, sourceShards = 1): Promise<Deployment> {
    const sourceStreams = new Set(jobInputs(job).sources.map((source) => source.stream));
    const [sourceStream] = sourceStreams;
    if (sourceStream === undefined || sourceStreams.size > 1) throw new Error(`the harness feeds one source stream; ${name} reads ${[...sourceStreams].join(', ')}`);
    const streams = { source: uniqueName(sourceStream), sink: uniqueName(job.sinkStream) };
    await Promise.all([createStream(this.client, streams.source, sourceShards), createStream(this.client, streams.sink)]);
    const folder = mkdtempSync(join(tmpdir(), 'flink-e2e-'));
    const target = localTarget({
      // Data-lake copies go under the deployment's folder, unless the harness was given a root.
      dataLakeRoot: pathToFileURL(join(folder, 'data-lake')).href,
      kinesisEndpoint: this.kinesisEndpoint,
      streamNames: { [sourceStream]: streams.source, [job.sinkStream]: streams.sink },
      ...this.references,
    });
    const compiled = compileJob(job, jobIdentity(`jobs/${name}.ts`, 'v1'), target);
    writeFileSync(join(folder, 'job.sql'), compiled.sql);
    return {
      streams,
      folder,
      start: (extraArgs = []) => {
        const runner = ManagedProcess.start({
          name: 'runner',
          command: 'java',
          args: ['-jar', this.jar, 'run', join(folder, 'job.sql'), ...extraArgs],
          logPath: join(folder, 'runner.log'),
        });
        this.runners.push(runner);
        return runner;
      },
    };
  }

  /** Deploys and starts the job, writes `input` (partitioned by user), returns what the job wrote. */
  async run(job: Job, name: string, input: readonly Record<string, unknown>[], expectedRows: number): Promise<Record<string, unknown>[]> {
    const { streams, start } = await this.deploy(job, name);
    const runner = start();
    await putJson(this.client, streams.source, input, 'user_id');
    const rows = await waitForRecords(this.client, streams.sink, expectedRows, 90_000);
    if (rows.length < expectedRows) throw new Error(`got ${rows.length} of ${expectedRows} rows; runner ${runner.exitDescription}, log:\n${runner.logTail(30)}`);
    return rows;
  }

  async stopAll(): Promise<void> {
    await Promise.all(this.runners.map((runner) => runner.stop(5_000)));
  }
}

/**
 * For a test file that runs compiled jobs: the local Kinesis API of the test run's services, a client
 * for it, and a harness that builds the runner jar before the file's tests and stops its runners after.
 */
export function flinkHarnessForThisFile(references: ReferenceLocations = {}): { readonly flink: FlinkJobHarness; readonly client: KinesisClient } {
  const kinesis = inject('services').kinesis;
  const client = localKinesisClient(kinesis);
  const flink = new FlinkJobHarness(client, kinesis.endpoint, references);
  beforeAll(() => {
    flink.prepare();
  }, 600_000);
  afterAll(async () => {
    await flink.stopAll();
    client.destroy();
  });
  return { flink, client };
}
