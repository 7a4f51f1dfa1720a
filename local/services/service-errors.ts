/**
 * Errors of the local service manager. Each names the service and says what to do, so a CLI can
 * print `message` alone and a failed test run shows the reason without a stack trace to dig through.
 */
import { UserError } from '../../common/user-error.js';

export { ServiceStartError } from '../../common/process/service-start-error.js';

export class ServiceError extends UserError {
  override readonly name: string = 'ServiceError';
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
