import { spawn } from 'node:child_process';

export interface CommandResult {
  readonly exitCode: number;
  readonly output: string;
}

/**
 * Runs a short-lived command (mvn, unzip, apt-get, useradd) to completion and returns its exit code
 * with stdout and stderr interleaved; it never throws for a non-zero exit, callers decide what it means.
 * A command that cannot be spawned at all (not on PATH) reports exit code 127, like a shell.
 */
export async function runCommand(
  command: string,
  args: readonly string[],
  options: { readonly cwd?: string; readonly env?: NodeJS.ProcessEnv } = {},
): Promise<CommandResult> {
  return new Promise((resolveResult) => {
    const chunks: Buffer[] = [];
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.on('error', (error) => {
      resolveResult({ exitCode: 127, output: `${command}: ${error.message}` });
    });
    child.on('close', (code, signal) => {
      const output = Buffer.concat(chunks).toString('utf8');
      resolveResult({ exitCode: code ?? (signal === null ? 1 : 128), output });
    });
  });
}

/** The last `count` lines of a text, for error messages that must stay readable. */
export function lastLines(text: string, count: number): string {
  return text.trimEnd().split('\n').slice(-count).join('\n');
}

/** Whether an executable is on PATH (resolved the way spawn would). */
export async function isOnPath(command: string): Promise<boolean> {
  const result = await runCommand('sh', ['-c', `command -v "$0"`, command]);
  return result.exitCode === 0;
}
