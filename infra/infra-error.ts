import { UserError } from '../common/user-error.js';

/**
 * The base of infra/'s errors a person acts on: a stack output missing, a cache not available, templates that do
 * not read, a deployment refused. Each subclass names what it is about; the CLIs print the message, no stack.
 */
export class InfraError extends UserError {
  override readonly name: string = 'InfraError';
}
