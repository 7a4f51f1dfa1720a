import { UserError } from './user-error.js';

/**
 * Runs a CLI's main function: user-facing failures print their message alone (no stack trace) and
 * exit 1; anything else is a bug and keeps its stack.
 */
export function runCli(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    if (error instanceof UserError) console.error(`\n${error.message}`);
    else console.error(error);
    process.exit(1);
  });
}

/**
 * Resolves on the first SIGINT or SIGTERM, which then no longer kill the process by default.
 * Signal listeners do not keep Node's event loop alive, and every service handle is unref'd (so a
 * daemon can outlive its CLI), so an interval holds the process open until the signal comes.
 */
export function untilInterrupted(): Promise<NodeJS.Signals> {
  return new Promise((resolveSignal) => {
    const keepAlive = setInterval(() => undefined, 60_000);
    const onSignal = (signal: NodeJS.Signals): void => {
      clearInterval(keepAlive);
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      resolveSignal(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}
