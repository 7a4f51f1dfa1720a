/**
 * Every template of the CDK app passes cfn-lint (AWS's CloudFormation linter: the resource
 * specification's required properties, allowed values, patterns and limits), as well as cdk-nag
 * (test/cdk/cdk-app.test.ts). Warnings are printed, not failed: those left are the CDK's own output.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/cdk/app.js';
import { infraConfig } from '../../infra/cdk/config.js';
import { jobNeeds } from '../../infra/cdk/job-needs.js';
import { REPO_ROOT } from '../../common/repo-paths.js';
import { cfnLint, installCfnLint, renderCfnLint } from '../../infra/tools/cfn-lint.js';
import { loadJobs } from '../../sql/compiler/load-jobs.js';

let templates: string[] = [];
let region = '';

beforeAll(async () => {
  await installCfnLint((line) => {
    console.info(`[cfn-lint] ${line}`);
  });
  const needs = (await loadJobs(join(REPO_ROOT, 'jobs'), REPO_ROOT)).map(jobNeeds);
  const outdir = mkdtempSync(join(tmpdir(), 'cdk-lint-'));
  const config = infraConfig({ alarmEmail: 'oncall@example.com' });
  region = config.region;
  const assembly = buildApp(config, needs, outdir).app.synth();
  templates = assembly.stacks.map((stack) => join(outdir, stack.templateFile));
}, 300_000);

describe('cfn-lint', () => {
  it('finds no error in any template of the app', async () => {
    // Act
    const matches = await cfnLint(templates, [region]);

    // Assess
    const warnings = matches.filter((match) => match.level !== 'Error');
    console.info(`[cfn-lint] ${String(templates.length)} templates, ${String(warnings.length)} warning(s):\n${renderCfnLint(warnings)}`);
    expect(templates.length).toBe(3);
    expect(renderCfnLint(matches.filter((match) => match.level === 'Error'))).toBe('');
  }, 120_000);

  it('really checks: a stream kept longer than Kinesis allows (8760 hours) is an error at its property', async () => {
    // Prepare
    const data = templates.find((file) => file.endsWith('clickstream-data.template.json')) ?? '';
    const template = JSON.parse(readFileSync(data, 'utf8')) as { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> };
    const [streamId, stream] = Object.entries(template.Resources).find(([, resource]) => resource.Type === 'AWS::Kinesis::Stream') ?? [];
    if (stream === undefined || streamId === undefined) throw new Error('no stream in the data stack');
    stream.Properties.RetentionPeriodHours = 9000;
    const broken = join(mkdtempSync(join(tmpdir(), 'cdk-lint-broken-')), 'broken.template.json');
    writeFileSync(broken, JSON.stringify(template));

    // Act
    const matches = await cfnLint([broken], [region]);

    // Assess
    expect(matches.filter((match) => match.level === 'Error').map((match) => match.path)).toContain(`Resources/${streamId}/Properties/RetentionPeriodHours`);
  }, 120_000);
});
