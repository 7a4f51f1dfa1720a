/**
 * cfn-lint, the CloudFormation linter AWS maintains (PyPI `cfn-lint`): checks templates against
 * CloudFormation's resource specification and schemas (required properties, allowed values,
 * patterns, limits, references) and its rules of good practice. Pinned, installed once into a
 * virtual environment under the download cache.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { downloadsDir } from '../../common/repo-paths.js';
import { ensurePythonVenv } from '../../common/process/python-venv.js';
import { InfraError } from '../infra-error.js';

export const CFN_LINT_VERSION = '1.58.0';

export class CfnLintError extends InfraError {
  override readonly name = 'CfnLintError';
}

/**
 * cfn-lint's console entry point, run through the environment's interpreter: the venv is built in a
 * staging folder and renamed, so its bin/ scripts name an interpreter path that no longer exists.
 */
const CFN_LINT_MAIN = ['-c', 'import sys; from cfnlint.runner import main; sys.exit(main())'];

function venvDir(): string {
  return join(downloadsDir(), `cfn-lint-${CFN_LINT_VERSION}`);
}

export async function installCfnLint(log: (line: string) => void = () => undefined): Promise<string> {
  const folder = venvDir();
  if (await ensurePythonVenv(folder, [`cfn-lint==${CFN_LINT_VERSION}`], (message) => new CfnLintError(`installing cfn-lint ${CFN_LINT_VERSION}: ${message}`))) {
    log(`cfn-lint ${CFN_LINT_VERSION} installed from PyPI into ${folder}`);
  }
  return join(folder, 'bin/python');
}

export interface CfnLintMatch {
  readonly rule: string;
  readonly level: 'Error' | 'Warning' | 'Informational';
  readonly message: string;
  readonly file: string;
  /** Where in the template, e.g. `Resources/RawStream/Properties/RetentionPeriodHours`. */
  readonly path: string;
}

interface RawMatch {
  Rule: { Id: string };
  Level: CfnLintMatch['level'];
  Message: string;
  Filename: string;
  Location: { Path?: (string | number)[] };
}

/** Lints the templates for `regions`; every match cfn-lint reports (errors, warnings, informational). */
export async function cfnLint(templates: readonly string[], regions: readonly string[]): Promise<CfnLintMatch[]> {
  const python = await installCfnLint();
  let stdout: string;
  try {
    ({ stdout } = await promisify(execFile)(python, [...CFN_LINT_MAIN, '--format', 'json', '--regions', ...regions, '--', ...templates], { maxBuffer: 64 * 1024 * 1024 }));
  } catch (error) {
    // cfn-lint exits non-zero when it finds anything (2 errors, 4 warnings, 8 informational, or'ed); its JSON is still on stdout.
    const failed = error as { stdout?: string; stderr?: string; code?: number };
    if (failed.stdout === undefined || !failed.stdout.trim().startsWith('[')) throw new CfnLintError(`cfn-lint failed (exit ${String(failed.code)}): ${failed.stderr ?? String(error)}`);
    stdout = failed.stdout;
  }
  return (JSON.parse(stdout) as RawMatch[]).map((match) => ({
    rule: match.Rule.Id,
    level: match.Level,
    message: match.Message,
    file: match.Filename,
    path: (match.Location.Path ?? []).join('/'),
  }));
}

export function renderCfnLint(matches: readonly CfnLintMatch[]): string {
  return matches.map((match) => `${match.file}: ${match.level} ${match.rule} at ${match.path}: ${match.message}`).join('\n');
}
