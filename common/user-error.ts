/**
 * The base of every error whose message is for the person running a command: it names the input or
 * service and says what is wrong and what to do. A CLI prints such a message alone, without a stack
 * trace; any other error is a bug and keeps its stack.
 */
export class UserError extends Error {
  override readonly name: string = 'UserError';
}
