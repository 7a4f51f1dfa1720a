/**
 * Flags of a local CLI, parsed by node:util and checked by a zod schema, with one error shape: the
 * flag, what is wrong with it, then the usage. `--help` prints the usage and exits 0.
 */
import { parseArgs } from 'node:util';
import type { z } from 'zod';
import { UserError } from './user-error.js';

/** A flag is missing, unknown or malformed: the message names it and ends with the usage. */
export class CliUsageError extends UserError {
  override readonly name = 'CliUsageError';
}

export function parseCliOptions<Schema extends z.ZodObject>(argv: readonly string[], schema: Schema, usage: string, booleanFlags: readonly string[] = []): z.infer<Schema> {
  let values: Record<string, string | boolean | undefined>;
  try {
    const flags = Object.fromEntries(Object.keys(schema.shape).map((name) => [name, { type: booleanFlags.includes(name) ? ('boolean' as const) : ('string' as const) }]));
    values = parseArgs({ args: [...argv], options: { ...flags, help: { type: 'boolean' } } }).values;
  } catch (error) {
    throw new CliUsageError(`${error instanceof Error ? error.message : String(error)}\n\n${usage}`);
  }
  if (values.help === true) {
    console.log(usage);
    process.exit(0);
  }
  const parsed = schema.safeParse(values);
  if (!parsed.success) throw new CliUsageError(`invalid options:\n  ${parsed.error.issues.map((issue) => `--${issue.path.join('.')}: ${issue.message}`).join('\n  ')}\n\n${usage}`);
  return parsed.data;
}
