/**
 * Errors of the local service manager. Each names the service and says what to do, so a CLI can
 * print `message` alone and a failed test run shows the reason without a stack trace to dig through.
 */
export class ServiceError extends Error {
  override readonly name: string = 'ServiceError';
}

/** A service did not become ready: carries the reason and the tail of its log. */
export class ServiceStartError extends ServiceError {
  override readonly name = 'ServiceStartError';
  constructor(
    readonly service: string,
    readonly reason: string,
    readonly logPath?: string,
    readonly logTail?: string,
  ) {
    super(
      `${service} failed to start: ${reason}` +
        (logPath === undefined ? '' : `\n  log: ${logPath}`) +
        (logTail === undefined || logTail.trim() === '' ? '' : `\n  last log lines:\n${indent(logTail)}`),
    );
  }
}

/** A download, extraction or package install that a service needs did not succeed. */
export class ServiceInstallError extends ServiceError {
  override readonly name = 'ServiceInstallError';
  constructor(
    readonly service: string,
    readonly reason: string,
  ) {
    super(`${service} could not be installed: ${reason}`);
  }
}

/** testcontainers was requested but cannot be used on this machine. */
export class ContainerRuntimeUnavailableError extends ServiceError {
  override readonly name = 'ContainerRuntimeUnavailableError';
}

function indent(text: string): string {
  return text
    .trimEnd()
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');
}
