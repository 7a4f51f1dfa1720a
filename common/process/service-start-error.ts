import { UserError } from '../user-error.js';

/** A service did not become ready: carries the reason and the tail of its log. */
export class ServiceStartError extends UserError {
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

function indent(text: string): string {
  return text
    .trimEnd()
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');
}
