/**
 * npm run synth [-- --config infra/cdk/<env>.json] [--out cdk.out]
 *
 * Synthesizes the CDK app into CloudFormation templates (cdk.out/), runs cdk-nag's AWS Solutions
 * checks and cfn-lint, and fails on any unacknowledged finding or cfn-lint error. Deploy the result with `npx cdk deploy --app cdk.out`.
 */
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { REPO_ROOT } from '../../common/repo-paths.js';
import { CFN_LINT_VERSION, cfnLint, renderCfnLint } from '../tools/cfn-lint.js';
import { loadJobs } from '../../sql/compiler/load-jobs.js';
import { buildApp } from './app.js';
import { infraConfig, readInfraConfig } from './config.js';
import { jobNeeds } from './job-needs.js';
import { CliUsageError } from '../../common/cli-options.js';

async function main(): Promise<void> {
  let values: { config?: string; out?: string };
  try {
    values = parseArgs({ options: { config: { type: 'string' }, out: { type: 'string' } } }).values;
  } catch (error) {
    throw new CliUsageError(`${error instanceof Error ? error.message : String(error)}\nusage: npm run synth [-- --config <file.json>] [--out <dir>]`, { cause: error });
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
  // AWS's CloudFormation linter: what CloudFormation itself would refuse (required properties, allowed values, limits).
  const matches = await cfnLint(
    assembly.stacks.map((stack) => join(outdir, stack.templateFile)),
    [config.region],
  );
  const errors = matches.filter((match) => match.level === 'Error');
  const warnings = matches.length - errors.length;
  if (errors.length > 0) throw new Error(`cfn-lint ${CFN_LINT_VERSION} found ${String(errors.length)} error(s):\n${renderCfnLint(errors)}`);
  console.log(`cfn-lint ${CFN_LINT_VERSION}: no errors, ${String(warnings)} warning(s)${warnings > 0 ? ` (the CDK's own output):\n${renderCfnLint(matches.filter((match) => match.level !== 'Error'))}` : ''}`);
}

main().catch((error: unknown) => {
  console.error(`synth: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
