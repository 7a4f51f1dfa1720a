import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { lastLines } from './run-command.js';

export interface ManagedProcessOptions {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly logPath: string;
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Run as this user (Elasticsearch refuses root). Only root may set these. */
  readonly uid?: number;
  readonly gid?: number;
}

export interface ProcessExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/**
 * A long-running service process in a process group of its own.
 *
 * Why a group: some services fork (the Elasticsearch launcher starts the server JVM as a child), and
 * killing only the direct child would orphan the rest. Why detached: a daemon started by
 * `services up` must outlive the CLI, and a test run must decide itself how its services stop (the
 * reaper covers the owner dying). Output goes straight to a log file descriptor, not through this
 * process, so logging keeps working whatever happens to the owner.
 */
export class ManagedProcess {
  private exitInfo: ProcessExit | undefined;
  readonly exited: Promise<ProcessExit>;

  private constructor(
    readonly name: string,
    readonly logPath: string,
    private readonly child: ChildProcess,
    readonly pid: number,
  ) {
    this.exited = new Promise((resolveExit) => {
      child.once('exit', (code, signal) => {
        this.exitInfo = { code, signal };
        resolveExit(this.exitInfo);
      });
    });
  }

  static start(options: ManagedProcessOptions): ManagedProcess {
    const logFd = openSync(options.logPath, 'a');
    try {
      const child = spawn(options.command, options.args, {
        cwd: options.cwd,
        env: options.env ?? process.env,
        stdio: ['ignore', logFd, logFd],
        detached: true,
        ...(options.uid === undefined ? {} : { uid: options.uid }),
        ...(options.gid === undefined ? {} : { gid: options.gid }),
      });
      // Without a listener a failed spawn (ENOENT) would be an uncaught 'error' event.
      child.on('error', () => undefined);
      if (child.pid === undefined) {
        // spawn reports ENOENT and friends asynchronously; a missing pid means it already failed.
        throw new Error(`could not start ${options.command} (is it installed and on PATH?)`);
      }
      // The owner must be free to exit while the service runs (daemon mode); stop() still works.
      child.unref();
      return new ManagedProcess(options.name, options.logPath, child, child.pid);
    } finally {
      closeSync(logFd);
    }
  }

  get hasExited(): boolean {
    return this.exitInfo !== undefined;
  }

  get exitDescription(): string {
    const info = this.exitInfo;
    if (info === undefined) return 'still running';
    return info.signal === null ? `exited with code ${String(info.code)}` : `was killed by ${info.signal}`;
  }

  logTail(lines = 40): string {
    return readLogTail(this.logPath, lines);
  }

  /** SIGTERM to the whole group, then SIGKILL to whatever is left after the grace period. */
  async stop(graceMs = 10_000): Promise<void> {
    await stopProcessGroup(this.pid, graceMs);
  }
}

export function readLogTail(logPath: string, lines = 40): string {
  try {
    return lastLines(readFileSync(logPath, 'utf8'), lines);
  } catch {
    return '';
  }
}

/** Whether any process of the group led by `pgid` is still alive. */
export function isProcessGroupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (error) {
    // EPERM means it exists but belongs to someone else (e.g. the Elasticsearch user): still alive.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // Already gone.
  }
}

export async function stopProcessGroup(pgid: number, graceMs: number): Promise<void> {
  if (!isProcessGroupAlive(pgid)) return;
  signalGroup(pgid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    if (!isProcessGroupAlive(pgid)) return;
    await sleep(100);
  }
  signalGroup(pgid, 'SIGKILL');
  // A SIGKILLed group disappears at once unless a member is stuck in the kernel; wait briefly for it.
  for (let attempt = 0; attempt < 50 && isProcessGroupAlive(pgid); attempt++) await sleep(100);
}

/** Synchronous last resort for `process.on('exit')`, where nothing asynchronous runs any more. */
export function killProcessGroupNow(pgid: number): void {
  signalGroup(pgid, 'SIGKILL');
}
