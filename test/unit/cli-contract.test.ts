import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { infraConfig } from '../../infra/cdk/config.js';
import { REPO_ROOT } from '../../common/repo-paths.js';

const scripts = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;

function run(command: string, args: readonly string[]) {
  return spawnSync(command, args, { cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, NODE_NO_WARNINGS: '1' } });
}

describe('npm scripts', () => {
  const placeholders = Object.entries(scripts).filter(([, command]) => command.includes('not-built-yet'));

  it.each(placeholders.map(([name]) => name))('`npm run %s` says plainly it is not built yet and fails', (name) => {
    // Act
    const result = run('npm', ['run', '--silent', name]);

    // Assess
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(new RegExp(`^npm run ${name}: not built yet \\(.+\\)\\.$`, 'm'));
  });

  it('has every script the project promises', () => {
    for (const name of ['start', 'test', 'test:unit', 'test:integration', 'compile-jobs', 'deploy-jobs', 'bench', 'capacity', 'synth', 'typecheck', 'lint', 'services']) {
      expect(scripts, name).toHaveProperty(name);
    }
  });
});

describe('services CLI', () => {
  const cli = (...args: string[]) => run(process.execPath, ['--import', 'tsx', 'local/services-cli.ts', ...args]);

  it('rejects an unknown service name with a one-line reason and no stack trace', () => {
    // Act
    const result = cli('up', '--only', 'redis,postgres');

    // Assess
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe('unknown service(s) in --only: postgres (known: elasticsearch, kinesis, dynamodb, redis, redis-cluster, sqs, s3, secretsmanager)');
  });

  it('prints its usage for an unknown command', () => {
    // Act
    const result = cli('restart');

    // Assess
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('usage: npm run services -- up');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('compile-jobs CLI', () => {
  it('answers an unknown flag with the reason and its usage, no stack trace', () => {
    // Act
    const result = run(process.execPath, ['--import', 'tsx', 'infra/compile-jobs-cli.ts', '--bogus']);

    // Assess
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("compile-jobs: Unknown option '--bogus'");
    expect(result.stderr).toContain('usage: npm run compile-jobs');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('takes the aws target’s names from the deployed stacks’ outputs, and says how to get them when there are none', () => {
    // Act
    const result = run(process.execPath, ['--import', 'tsx', 'infra/compile-jobs-cli.ts', '--target', 'aws', '--stack-outputs', '/nonexistent/cdk-outputs.json']);

    // Assess
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("compile-jobs: --target aws takes stream, cache, secret and bucket names from the deployed CDK app's outputs");
    expect(result.stderr).toContain('npx cdk deploy --app cdk.out --all --outputs-file');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses the aws dead-letter flags for a local compile, saying where local dead letters go', () => {
    // Act
    const result = run(process.execPath, ['--import', 'tsx', 'infra/compile-jobs-cli.ts', '--dead-letter-queue-url', 'https://sqs.eu-west-1.amazonaws.com/123456789012/x']);

    // Assess
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('compile-jobs: --dead-letter-queue-url and --dead-letter-payloads are for --target aws');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('deploy-jobs CLI', () => {
  const cli = (...args: string[]) => run(process.execPath, ['--import', 'tsx', 'infra/deploy-jobs/cli.ts', ...args]);

  it.each([
    [['--target', 'aws', '--dry-run'], 'deploy-jobs: --target aws needs --region (or AWS_REGION)'],
    [['--target', 'gcp'], "deploy-jobs: unknown --target 'gcp' (use aws or local)"],
    [['--target', 'local', '--build', '/nonexistent/build', '--dry-run'], 'deploy-jobs: no compiled jobs at /nonexistent/build/manifest.json; run npm run compile-jobs first'],
    [['--parallelism', 'lots'], "deploy-jobs: --parallelism must be a whole number >= 1, got 'lots'"],
  ])('%j: one clear line, exit 1, no stack trace', (args, message) => {
    // Act
    const result = cli(...args);

    // Assess
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe(message);
  });
});

describe('npm start', () => {
  const cli = (...args: string[]) => run(process.execPath, ['--import', 'tsx', 'local/start-cli.ts', ...args]);

  it.each([
    [['--events', '100', '--rate', '10', '--duration', '5s'], 'give at most two of --events, --rate and --duration'],
    [['--duration', 'soon'], "--duration: 'soon' is not a duration"],
    [['--bogus'], "Unknown option '--bogus'"],
  ])('refuses %j before starting anything: the reason and the usage, no stack trace', (args, reason) => {
    // Act
    const result = cli(...args);

    // Assess
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(reason);
    expect(result.stderr).toContain('usage: npm start');
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.stdout).not.toContain('service backend');
  });
});

describe('npm run capacity', () => {
  const cli = (...args: string[]) => run(process.execPath, ['--import', 'tsx', 'infra/capacity/capacity-cli.ts', ...args]);

  it.each([
    [[], '--events-per-sec: is required'],
    [['--events-per-sec', 'many'], '--events-per-sec: events per second must be a number'],
    [['--events-per-sec', '1000', '--avg-bytes', '2000000'], '--avg-bytes: a Kinesis record holds at most 1 MiB'],
    [['--events-per-sec', '1000', '--headroom', '0.5'], '--headroom: must be >= 1'],
  ])('refuses %j: the reason and the usage, no stack trace', (args, reason) => {
    // Act
    const result = cli(...args);

    // Assess
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(reason);
    expect(result.stderr).toContain('usage: npm run capacity');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('sizes every job in jobs/ and writes a CDK config that synth accepts', () => {
    // Prepare
    const config = join(mkdtempSync(join(tmpdir(), 'capacity-cli-')), 'infra.json');

    // Act
    const result = cli('--events-per-sec', '20000', '--stream-mode', 'provisioned', '--infra-config', config);

    // Assess
    expect(result.status, result.stderr).toBe(0);
    for (const job of ['click-context.v1', 'user-activity.v1', 'user-sessions.v1']) expect(result.stdout).toContain(`| Flink ${job} parallelism`);
    expect(result.stdout).toMatch(/\| \*\*total\*\* \| \| \*\*\$[\d,]+\.\d\d\*\* \|/);
    // 20,000 ev/s x 1.5 / 1,000 per shard.
    expect(JSON.parse(readFileSync(config, 'utf8'))).toMatchObject({ streams: { mode: 'provisioned', rawShards: 30 } });
    expect(() => infraConfig(JSON.parse(readFileSync(config, 'utf8')))).not.toThrow();
  });
});
