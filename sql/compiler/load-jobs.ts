import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Job } from '../dsl/job-kinds.js';
import { JobDefinitionError, JobFileError } from '../errors.js';
import { jobIdentity, type JobIdentity } from './job-identity.js';

export interface LoadedJob {
  readonly job: Job;
  readonly identity: JobIdentity;
}

function isJob(value: unknown): value is Job {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'job';
}

/**
 * Imports every `*.ts` file of the jobs folder and collects the jobs it exports, sorted by name so
 * the output never depends on directory order. Job tests (`*.test.ts`) and their fixtures (`*.fixture.ts`)
 * sit beside the jobs and are not jobs. A file that fails to load is reported as
 * `file: cause`; files that export only sources (e.g. sources.ts) contribute no job.
 */
export async function loadJobs(jobsDir: string, repoRoot: string): Promise<LoadedJob[]> {
  const files = readdirSync(jobsDir)
    .filter((file) => file.endsWith('.ts') && !/\.(d|test|fixture)\.ts$/.test(file))
    .sort();
  const loaded: LoadedJob[] = [];
  for (const file of files) {
    const path = join(jobsDir, file);
    const relativePath = relative(repoRoot, path);
    let module: Record<string, unknown>;
    try {
      module = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
    } catch (error) {
      const cause = error instanceof JobDefinitionError ? error.message : error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      throw new JobFileError(`${relativePath}: ${cause}`);
    }
    for (const [exportName, value] of Object.entries(module).sort(([a], [b]) => a.localeCompare(b))) {
      if (isJob(value)) loaded.push({ job: value, identity: jobIdentity(relativePath, exportName) });
    }
  }
  return loaded.sort((a, b) => a.identity.name.localeCompare(b.identity.name));
}
