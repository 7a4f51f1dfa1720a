import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileJob, type CompiledJob } from './compile-job.js';
import type { CompileTarget } from './compile-target.js';
import { readJobFiles } from './load-jobs.js';
import type { Job } from '../dsl/job-kinds.js';
import { JobDefinitionError, JobFilesError, type JobFileProblem } from '../errors.js';
import { manifestEntry, MANIFEST_VERSION, type Manifest } from './manifest.js';
import { validateScript, type ValidationReport } from './validate-sql.js';

export interface CompileAllOptions {
  readonly jobsDir: string;
  readonly repoRoot: string;
  readonly target: CompileTarget;
}

export interface CompileAllResult {
  readonly manifest: Manifest;
  readonly compiled: readonly CompiledJob[];
  /** Per job, in manifest order: what node-sql-parser checked and what only Flink can. */
  readonly validation: readonly ValidationReport[];
}

/**
 * Loads, compiles and validates every job; pure apart from importing the job files. Every broken job
 * file is reported in one JobFilesError: files that do not load or whose job names clash (`file: cause`) and
 * jobs the DSL accepted but the compiler cannot, e.g. two tables of one name (`file (job): cause`). Then
 * nothing is returned: a build holds every job of the folder or none (see writeBuild).
 */
export async function compileAll(options: CompileAllOptions): Promise<CompileAllResult> {
  const { jobs, problems: loadProblems } = await readJobFiles(options.jobsDir, options.repoRoot);
  const problems: JobFileProblem[] = [...loadProblems];
  const compiled: { job: Job; result: CompiledJob }[] = [];
  for (const { job, identity } of jobs) {
    try {
      compiled.push({ job, result: compileJob(job, identity, options.target) });
    } catch (error) {
      // Anything but the DSL's own errors is a compiler bug: it stops the run with its stack.
      if (!(error instanceof JobDefinitionError)) throw error;
      problems.push({ file: identity.file, job: identity.name, cause: error.message });
    }
  }
  if (problems.length > 0) throw new JobFilesError(problems);
  const validated = compiled.map(({ job, result }) => ({ job, result, validation: validateScript(result) }));
  return {
    manifest: { version: MANIFEST_VERSION, target: options.target.name, jobs: validated.map(({ job, result }) => manifestEntry(job, result)) },
    compiled: validated.map(({ result }) => result),
    validation: validated.map(({ validation }) => validation),
  };
}

/**
 * Writes `<job>.sql` per job, `schemas/<job>.schema.json` and `manifest.json` into `outDir`,
 * removing files of jobs that no longer exist so the folder always matches jobs/.
 *
 * It takes only a whole CompileAllResult, never the good part of a folder with broken files: deploy-jobs
 * reads the manifest as the complete list of jobs (the enricher's feature sets come from it too), and this
 * function removes the files of jobs missing from it, so a partial build would delete a broken job's last
 * good SQL and schema and look complete. A broken folder leaves the previous build as it was.
 */
export function writeBuild(outDir: string, result: CompileAllResult): void {
  mkdirSync(join(outDir, 'schemas'), { recursive: true });
  for (const file of readdirSync(outDir)) if (file.endsWith('.sql')) rmSync(join(outDir, file));
  for (const file of readdirSync(join(outDir, 'schemas'))) rmSync(join(outDir, 'schemas', file));
  for (const [index, job] of result.manifest.jobs.entries()) {
    writeFileSync(join(outDir, job.sqlFile), result.compiled[index]?.sql ?? '');
    writeFileSync(join(outDir, 'schemas', `${job.name}.schema.json`), `${JSON.stringify(job.outputSchema, null, 2)}\n`);
  }
  writeFileSync(join(outDir, 'manifest.json'), `${JSON.stringify(result.manifest, null, 2)}\n`);
}
