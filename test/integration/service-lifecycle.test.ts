import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, runDir } from '../../common/repo-paths.js';
import { isProcessGroupAlive } from '../../common/process/managed-process.js';

/**
 * Drives `npm run services -- up --foreground` the way a user in a terminal does, then ends it the two
 * ways that matter: Ctrl-C (SIGINT to its process group) and a hard kill (SIGKILL, as when a test run
 * or CI job is torn down). Either way no service process and no instance folder may be left behind.
 * Uses the two fastest services; Elasticsearch goes through the same process-group machinery.
 */
interface ForegroundRun {
  readonly cli: ChildProcess;
  readonly servicePids: number[];
  readonly exited: Promise<number | null>;
  output(): string;
}

async function startForeground(): Promise<ForegroundRun> {
  // Output to a file, not a pipe: an open pipe would keep the CLI alive on its own and hide a CLI
  // that forgets to wait for Ctrl-C (that bug existed).
  const outputPath = join(mkdtempSync(join(tmpdir(), 'services-cli-')), 'output.log');
  const outputFd = openSync(outputPath, 'w');
  const cli = spawn(process.execPath, ['--import', 'tsx', 'local/services-cli.ts', 'up', '--foreground', '--only', 'redis,kinesis'], {
    cwd: REPO_ROOT,
    stdio: ['ignore', outputFd, outputFd],
    detached: true, // its own process group, like a job in a terminal
  });
  closeSync(outputFd);
  const output = (): string => readFileSync(outputPath, 'utf8');
  const exited = new Promise<number | null>((resolveExit) => {
    cli.once('exit', (code) => {
      resolveExit(code);
    });
  });
  const deadline = Date.now() + 90_000;
  while (!/services-pids .*\n/.test(output())) {
    if (Date.now() > deadline || cli.exitCode !== null) throw new Error(`services did not start:\n${output()}`);
    await sleep(100);
  }
  const pidsLine = /services-pids (.*)\n/.exec(output())?.[1] ?? '';
  const servicePids = [...pidsLine.matchAll(/=(\d+)/g)].map((match) => Number(match[1]));
  return { cli, servicePids, exited, output };
}

/** Reads `left` every 100 ms until it is empty or `timeoutMs` has passed; returns what is left. */
async function untilEmpty<T>(left: () => T[], timeoutMs: number): Promise<T[]> {
  const deadline = Date.now() + timeoutMs;
  let now = left();
  while (now.length > 0 && Date.now() < deadline) {
    await sleep(100);
    now = left();
  }
  return now;
}

const waitUntilGone = (pgids: readonly number[], timeoutMs: number): Promise<number[]> => untilEmpty(() => pgids.filter(isProcessGroupAlive), timeoutMs);
const waitUntilRemoved = (cliPid: number, timeoutMs: number): Promise<string[]> => untilEmpty(() => instanceFoldersOf(cliPid), timeoutMs);

function instanceFoldersOf(cliPid: number): string[] {
  if (!existsSync(runDir())) return [];
  return readdirSync(runDir()).filter((entry) => entry.endsWith(`-${cliPid}`)).map((entry) => join(runDir(), entry));
}

describe('service lifecycle: no orphans', () => {
  it('Ctrl-C stops every service and removes its folders, exiting 0', async () => {
    // Prepare: the services stay up until interrupted (the CLI must not exit on its own).
    const run = await startForeground();
    await sleep(1_000);
    expect(run.cli.exitCode, run.output()).toBeNull();
    expect(run.servicePids).toHaveLength(2);
    expect(run.servicePids.every(isProcessGroupAlive)).toBe(true);
    expect(instanceFoldersOf(run.cli.pid ?? -1)).toHaveLength(2);

    // Act
    process.kill(-(run.cli.pid ?? 0), 'SIGINT');
    const exitCode = await run.exited;

    // Assess
    expect(exitCode, run.output()).toBe(0);
    expect(await waitUntilGone(run.servicePids, 15_000)).toEqual([]);
    expect(instanceFoldersOf(run.cli.pid ?? -1)).toEqual([]);
  });

  it('a SIGKILLed owner still leaves nothing behind: the reaper stops its services', async () => {
    // Prepare
    const run = await startForeground();
    expect(run.servicePids.every(isProcessGroupAlive)).toBe(true);

    // Act
    process.kill(-(run.cli.pid ?? 0), 'SIGKILL');
    await run.exited;

    // Assess: the reaper gives services a 5 s grace period before SIGKILL.
    expect(await waitUntilGone(run.servicePids, 15_000)).toEqual([]);
    // The reaper removes the folders right after the processes are gone: wait for that, not for a guessed time.
    expect(await waitUntilRemoved(run.cli.pid ?? -1, 15_000)).toEqual([]);
  });
});
