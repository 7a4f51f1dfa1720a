import type { ParsedDuration } from '../schema/duration.js';
import type { Job } from './job-kinds.js';

/**
 * How long a job keeps idle state (`table.exec.state.ttl`), as its declaration says; none for kinds
 * whose state ends by time on its own (windows, patterns' WITHIN, interval joins). A union's is the
 * one its parts agree on (`unionAll` refuses parts that disagree).
 */
export function declaredStateTtl(job: Job): ParsedDuration | undefined {
  switch (job.jobType) {
    case 'dedupe':
    case 'join':
    case 'temporal-join':
    case 'event-features':
      return job.stateTtl;
    case 'union':
      return job.parts.map((part) => declaredStateTtl(part.job)).find((ttl) => ttl !== undefined);
    default:
      return undefined;
  }
}
