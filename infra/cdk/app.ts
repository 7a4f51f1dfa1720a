/**
 * The CDK app: stacks split by lifecycle (data lives longest, compute changes with releases), with
 * cdk-nag's AWS Solutions checks on every resource. `buildApp` is what `npm run synth` and the tests use.
 */
import { App, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ComputeStack } from './compute-stack.js';
import type { InfraConfig } from './config.js';
import { DataStack } from './data-stack.js';
import type { JobNeeds } from './job-needs.js';
import { ObservabilityStack } from './observability-stack.js';
import { applicationName } from './resource-names.js';

export interface ClickstreamApp {
  readonly app: App;
  readonly data: DataStack;
  readonly compute: ComputeStack;
  readonly observability: ObservabilityStack;
}

/**
 * `jobs`: what the jobs in jobs/ need (infra/cdk/job-needs.ts): their streams are created and
 * granted to the Flink role, and their Managed Flink applications (deploy-jobs names them
 * `<name>-<job>`) get alarms and dashboard graphs.
 */
export function buildApp(config: InfraConfig, jobs: readonly JobNeeds[], outdir?: string): ClickstreamApp {
  const app = new App(outdir === undefined ? {} : { outdir });
  const env = { region: config.region, ...(config.account === undefined ? {} : { account: config.account }) };
  const data = new DataStack(app, `${config.name}-data`, config, jobs, { env, description: `${config.name}: streams, tables, bucket, cache, network` });
  const compute = new ComputeStack(app, `${config.name}-compute`, config, data, jobs, { env, description: `${config.name}: enricher Lambda, Flink execution role and logs` });
  const observability = new ObservabilityStack(app, `${config.name}-observability`, config, { data, compute, flinkJobs: jobs.map((job) => ({ job: job.name, application: applicationName(config.name, job.name) })) }, { env, description: `${config.name}: dashboard and alarms` });
  Tags.of(app).add('project', config.name);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return { app, data, compute, observability };
}
