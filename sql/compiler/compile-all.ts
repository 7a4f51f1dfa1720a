import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileJob, type CompiledJob } from './compile-job.js';
import type { CompileTarget } from './compile-target.js';
import { loadJobs } from './load-jobs.js';
import type { Job } from '../dsl/job-kinds.js';
import { JobDefinitionError, JobFileError } from '../errors.js';
import type { JobIdentity } from './job-identity.js';
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

/** A job the DSL accepted but the compiler cannot (e.g. two tables of one name) is reported as `file (job): cause`. */
function compileNamingTheFile(job: Job, identity: JobIdentity, target: CompileTarget): CompiledJob {
  try {
    return compileJob(job, identity, target);
  } catch (error) {
    if (!(error instanceof JobDefinitionError)) throw error;
    throw new JobFileError(`${identity.file} (${identity.name}): ${error.message}`);
  }
}

/** Loads, compiles and validates every job; pure apart from importing the job files. */
export async function compileAll(options: CompileAllOptions): Promise<CompileAllResult> {
  const loaded = await loadJobs(options.jobsDir, options.repoRoot);
  const compiled = loaded.map(({ job, identity }) => {
    const result = compileNamingTheFile(job, identity, options.target);
    return { job, result, validation: validateScript(result) };
  });
  return {
    manifest: { version: MANIFEST_VERSION, target: options.target.name, jobs: compiled.map(({ job, result }) => manifestEntry(job, result)) },
    compiled: compiled.map(({ result }) => result),
    validation: compiled.map(({ validation }) => validation),
  };
}

/**
 * Writes `<job>.sql` per job, `schemas/<job>.schema.json` and `manifest.json` into `outDir`,
 * removing files of jobs that no longer exist so the folder always matches jobs/.
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
