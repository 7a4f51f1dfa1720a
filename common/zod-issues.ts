import type { z } from 'zod';

/** zod's issues as one line a person can act on: `path: message; path: message` (the whole value is `record`). */
export function formatZodIssues(issues: readonly z.core.$ZodIssue[], whole = 'record'): string {
  return issues.map((issue) => `${issue.path.map(String).join('.') || whole}: ${issue.message}`).join('; ');
}
