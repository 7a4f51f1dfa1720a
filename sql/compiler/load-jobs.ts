import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { stripVTControlCharacters } from 'node:util';
import type { Job } from '../dsl/job-kinds.js';
import { JobDefinitionError, JobFilesError, type JobFileProblem } from '../errors.js';
import { jobIdentity, type JobIdentity } from './job-identity.js';

export interface LoadedJob {
  readonly job: Job;
  readonly identity: JobIdentity;
}

/** What a jobs folder holds: the jobs of the files that loaded, and every file that did not, with why. */
export interface JobFiles {
  readonly jobs: readonly LoadedJob[];
  readonly problems: readonly JobFileProblem[];
}

function isJob(value: unknown): value is Job {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'job';
}

function causeOf(error: unknown): string {
  // The DSL's own errors are for the author: their message alone. Anything else (a syntax error, a
  // TypeError thrown while the file runs) keeps its name, which says what kind of mistake it is.
  if (error instanceof JobDefinitionError) return error.message;
  // A transpiler's code frame keeps its lines but loses its colours and blank lines: it goes to logs and CI output too.
  const cause = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return stripVTControlCharacters(cause)
    .split('\n')
    .filter((line) => line.trim() !== '')
    .join('\n');
}

/**
 * Jobs whose table and consumer names (`user_sessions_v1`) would be another job's: `user-sessions.ts` and
 * `user_sessions.ts` both give `user_sessions_v1`, and they would register one Kinesis consumer and
 * overwrite each other's build files on a case-insensitive disk. The later one (in file order) is reported.
 */
function nameClashes(jobs: readonly LoadedJob[]): JobFileProblem[] {
  const first = new Map<string, JobIdentity>();
  const problems: JobFileProblem[] = [];
  for (const { identity } of jobs) {
    const key = identity.sqlName.toLowerCase();
    const earlier = first.get(key);
    if (earlier === undefined) first.set(key, identity);
    else {
      problems.push({
        file: identity.file,
        job: identity.name,
        cause: `clashes with ${earlier.name} (${earlier.file}): tables, Kinesis consumers and build files are named after the job ('${identity.sqlName}': '-' and '.' become '_', and some disks ignore case), so the two would share them; rename one of the files or exports`,
      });
    }
  }
  return problems;
}

/**
 * Imports every `*.ts` file of the jobs folder and collects the jobs it exports, sorted by name so
 * the output never depends on directory order. Job tests (`*.test.ts`) and their fixtures (`*.fixture.ts`)
 * sit beside the jobs and are not jobs; files that export only sources (e.g. sources.ts) contribute no job.
 * A file that fails to load does not stop the others: every broken file is in `problems`, as `file: cause`.
 */
export async function readJobFiles(jobsDir: string, repoRoot: string): Promise<JobFiles> {
  const files = readdirSync(jobsDir)
    .filter((file) => file.endsWith('.ts') && !/\.(d|test|fixture)\.ts$/.test(file))
    .sort();
  const loaded: LoadedJob[] = [];
  const problems: JobFileProblem[] = [];
  for (const file of files) {
    const path = join(jobsDir, file);
    const relativePath = relative(repoRoot, path);
    let module: Record<string, unknown>;
    try {
      module = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
    } catch (error) {
      problems.push({ file: relativePath, cause: causeOf(error) });
      continue;
    }
    for (const [exportName, value] of Object.entries(module).sort(([a], [b]) => a.localeCompare(b))) {
      if (isJob(value)) loaded.push({ job: value, identity: jobIdentity(relativePath, exportName) });
    }
  }
  // Clashes in file order, so the file reported is the later one in the folder listing.
  const clashes = nameClashes(loaded);
  return { jobs: loaded.sort((a, b) => a.identity.name.localeCompare(b.identity.name)), problems: [...problems, ...clashes] };
}

/** The jobs of the jobs folder; throws a JobFilesError naming every broken file (`file: cause`, one per line). */
export async function loadJobs(jobsDir: string, repoRoot: string): Promise<LoadedJob[]> {
  const { jobs, problems } = await readJobFiles(jobsDir, repoRoot);
  if (problems.length > 0) throw new JobFilesError(problems);
  return [...jobs];
}
