import { spawn } from 'node:child_process';
import { Socket } from 'node:net';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import { REPO_ROOT } from '../../common/repo-paths.js';

/**
 * The owner's side of the reaper (see process-reaper.ts): registers each service's process group and
 * folders as they start, and says `done` after a clean stop. If the owner dies first, the reaper's
 * stdin closes and it stops the services itself.
 */
export class ProcessGuard {
  private constructor(private readonly reaperInput: Writable) {}

  static start(): ProcessGuard {
    const reaper = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'local/services/process-reaper.ts')], {
      cwd: REPO_ROOT,
      stdio: ['pipe', 'ignore', 'ignore'],
      // Its own session: a Ctrl-C in the terminal must not kill the reaper before it can act.
      detached: true,
    });
    reaper.on('error', () => undefined);
    reaper.unref();
    // Neither the child nor its stdin pipe (a socket underneath) may keep the owner's event loop alive.
    const stdin = reaper.stdin;
    if (stdin instanceof Socket) stdin.unref();
    stdin.on('error', () => undefined);
    return new ProcessGuard(stdin);
  }

  watch(pgid: number): void {
    this.send(`watch ${pgid}`);
  }

  cleanup(folder: string): void {
    this.send(`cleanup ${folder}`);
  }

  /** The owner stopped everything itself: release the reaper without it acting. */
  finish(): void {
    this.send('done');
    this.reaperInput.end();
  }

  private send(line: string): void {
    if (!this.reaperInput.writable) return;
    this.reaperInput.write(`${line}\n`);
  }
}
