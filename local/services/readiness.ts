import { setTimeout as sleep } from 'node:timers/promises';
import type { ManagedProcess } from '../../common/process/managed-process.js';
import { ServiceStartError } from './service-errors.js';

export interface ReadinessOptions {
  readonly service: string;
  readonly process: ManagedProcess;
  /** Resolves true when the service answers a real request; may throw while it is starting. */
  readonly probe: () => Promise<boolean>;
  readonly timeoutMs: number;
  readonly intervalMs?: number;
}

/**
 * Polls a real request until the service answers. Fails fast, with the log tail, when the process
 * exits; fails with the last probe error when the time runs out.
 */
export async function waitUntilReady(options: ReadinessOptions): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  let lastProblem: string;
  for (;;) {
    if (options.process.hasExited) {
      throw new ServiceStartError(
        options.service,
        `the process ${options.process.exitDescription} before it was ready`,
        options.process.logPath,
        options.process.logTail(),
      );
    }
    try {
      if (await options.probe()) return;
      lastProblem = 'answered, but not ready';
    } catch (error) {
      lastProblem = error instanceof Error ? error.message : String(error);
    }
    if (Date.now() >= deadline) {
      throw new ServiceStartError(
        options.service,
        `not ready after ${Math.round(options.timeoutMs / 1000)} s (last check: ${lastProblem})`,
        options.process.logPath,
        options.process.logTail(),
      );
    }
    await sleep(options.intervalMs ?? 250);
  }
}
