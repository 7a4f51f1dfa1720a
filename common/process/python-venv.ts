import { existsSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lastLines, runCommand } from './run-command.js';

/**
 * Installs pinned PyPI packages into a virtual environment of their own at `folder`, once: built
 * beside its final place and renamed in, so an interrupted install never looks complete.
 * `fail(message)` makes the caller's error (the message says which step failed and pip's output).
 */
export async function ensurePythonVenv(folder: string, packages: readonly string[], fail: (message: string) => Error): Promise<boolean> {
  if (existsSync(join(folder, '.complete'))) return false;
  const staging = `${folder}.staging-${process.pid}`;
  const run = async (command: string, args: readonly string[], what: string) => {
    const result = await runCommand(command, args);
    if (result.exitCode !== 0) throw fail(`${what} failed:\n${lastLines(result.output, 15)}`);
  };
  rmSync(staging, { recursive: true, force: true });
  try {
    await run('python3', ['-m', 'venv', staging], 'python3 -m venv (Debian: apt-get install python3-venv)');
    await run(join(staging, 'bin/pip'), ['install', '--quiet', '--disable-pip-version-check', ...packages], `pip install ${packages.join(' ')}`);
    writeFileSync(join(staging, '.complete'), `${packages.join(' ')}\n`);
    rmSync(folder, { recursive: true, force: true });
    renameSync(staging, folder);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return true;
}
