/**
 * npm run synth [-- --config infra/cdk/<env>.json] [--out cdk.out]
 *
 * Synthesizes the CDK app into CloudFormation templates (cdk.out/), runs cdk-nag's AWS Solutions
 * checks, and fails on any unacknowledged finding. Deploy the result with `npx cdk deploy --app cdk.out`.
 */
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { REPO_ROOT } from '../../local/services/cache-paths.js';
import { loadJobs } from '../../sql/compiler/load-jobs.js';
import { buildApp } from './app.js';
import { infraConfig, readInfraConfig } from './config.js';
import { jobNeeds } from './job-needs.js';

async function main(): Promise<void> {
  let values: { config?: string; out?: string };
  try {
    values = parseArgs({ options: { config: { type: 'string' }, out: { type: 'string' } } }).values;
  } catch (error) {
    throw new Error(`${error instanceof Error ? error.message : String(error)}\nusage: npm run synth [-- --config <file.json>] [--out <dir>]`, { cause: error });
  }
  const config = values.config === undefined ? infraConfig() : readInfraConfig(values.config);
  const outdir = values.out ?? join(REPO_ROOT, 'cdk.out');
  // The jobs in jobs/: their streams are created and granted, their applications get alarms.
  const jobs = (await loadJobs(join(REPO_ROOT, 'jobs'), REPO_ROOT)).map(jobNeeds);
  const { app } = buildApp(config, jobs, outdir);
  // cdk-nag runs as a policy validation plugin: an unacknowledged finding fails the synthesis, after printing the report.
  const assembly = app.synth();
  for (const stack of assembly.stacks) console.log(`  ${stack.stackName}: ${relative(process.cwd(), join(outdir, stack.templateFile))}`);
  console.log(`synthesized ${String(assembly.stacks.length)} stack(s) into ${relative(process.cwd(), outdir) || '.'}; cdk-nag AwsSolutions: no unacknowledged findings`);
}

main().catch((error: unknown) => {
  console.error(`synth: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
