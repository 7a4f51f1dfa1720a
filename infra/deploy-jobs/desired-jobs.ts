/**
 * The desired side of a deploy: the compiled jobs of a build folder (manifest + SQL), the runner jar,
 * and what each is called on the target. Content hashes say whether anything changed.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { JobResource } from '../../sql/compiler/job-resources.js';
import type { DesiredJob } from './job-plan.js';
import { InfraError } from '../infra-error.js';
import { applicationName } from '../cdk/resource-names.js';
import { formatZodIssues } from '../../common/zod-issues.js';

export class DeployInputError extends InfraError {
  override readonly name = 'DeployInputError';
}

const access = z.enum(['read', 'write']);
/**
 * The schema, once it reads every kind of JobResource: a kind the compiler gains without this reader learning it
 * makes the argument `never`, a type error here rather than every manifest refused at deploy time.
 */
function readingEveryKind<S extends z.ZodType<{ kind: string }>>(schema: S & ([Exclude<JobResource['kind'], z.infer<S>['kind']>] extends [never] ? unknown : never)): z.ZodType<JobResource> {
  return schema as unknown as z.ZodType<JobResource>;
}

/** sql/compiler/job-resources.ts's JobResource, as the manifest carries it. */
const resourceSchema = readingEveryKind(
  z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('stream'), table: z.string(), access, stream: z.string(), region: z.string().optional(), efoConsumer: z.string().optional(), pollIntervalMs: z.number().optional() }),
    z.object({ kind: z.literal('file'), table: z.string(), access: z.literal('read'), uri: z.string() }),
    z.object({ kind: z.literal('folder'), table: z.string(), access: z.literal('write'), uri: z.string() }),
    z.object({ kind: z.literal('cache'), table: z.string(), access: z.literal('read'), url: z.string() }),
    z.object({ kind: z.literal('secret'), table: z.string(), access: z.literal('read'), secret: z.string() }),
    z.object({
      kind: z.literal('dead-letters'),
      table: z.string(),
      access: z.literal('write'),
      queueUrl: z.string().optional(),
      region: z.string().optional(),
      payloads: z.string().optional(),
      path: z.string().optional(),
    }),
  ]),
);

const manifestSchema = z.object({
  version: z.literal(1),
  target: z.string(),
  jobs: z.array(
    z.object({
      name: z.string().min(1),
      sqlFile: z.string().min(1),
      stateHash: z.string().min(1),
      referenceTables: z.array(z.object({ store: z.string() })),
      // Manifests from before compile-jobs recorded resources cannot be checked against the infrastructure: compile again.
      resources: z.array(resourceSchema, { error: 'missing: compile the jobs again with this version (npm run compile-jobs)' }),
      // Manifests from before jobs declared scaling run as they did: parallelism 1, no autoscaling.
      scaling: z.object({ parallelism: z.number().int().min(1), autoscaling: z.boolean() }).default({ parallelism: 1, autoscaling: false }),
    }),
  ),
});

export type DeployManifest = z.infer<typeof manifestSchema>;

export function readManifest(buildDir: string): DeployManifest {
  const path = join(buildDir, 'manifest.json');
  if (!existsSync(path)) throw new DeployInputError(`no compiled jobs at ${path}; run npm run compile-jobs first`);
  const parsed = manifestSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) throw new DeployInputError(`${path} is not a job manifest this deploy-jobs reads: ${formatZodIssues(parsed.error.issues, '')}`);
  return parsed.data;
}

export function contentHash(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex').slice(0, 16);
}

export interface DesiredJobOptions {
  readonly runnerJar: string;
  readonly applicationPrefix: string;
  /** Overrides every job's declared parallelism when set. */
  readonly parallelism: number | undefined;
  /** Job names to deploy; all when empty. */
  readonly only: readonly string[];
}

export interface CompiledJob extends DesiredJob {
  readonly scriptPath: string;
  readonly usesRedis: boolean;
  /** What the script's connectors use (the manifest's resources). */
  readonly resources: readonly JobResource[];
}

export function desiredJobs(manifest: DeployManifest, buildDir: string, options: DesiredJobOptions): CompiledJob[] {
  const known = manifest.jobs.map((job) => job.name);
  const unknown = options.only.filter((name) => !known.includes(name));
  if (unknown.length > 0) throw new DeployInputError(`not in the manifest: ${unknown.join(', ')} (compiled jobs: ${known.join(', ')})`);
  if (!existsSync(options.runnerJar)) throw new DeployInputError(`no runner jar at ${options.runnerJar}`);
  const runnerHash = contentHash(options.runnerJar);
  return manifest.jobs
    .filter((job) => options.only.length === 0 || options.only.includes(job.name))
    .map((job) => {
      const scriptPath = join(buildDir, job.sqlFile);
      if (!existsSync(scriptPath)) throw new DeployInputError(`the manifest lists ${job.sqlFile} for ${job.name}, but ${scriptPath} does not exist; compile again`);
      return {
        job: job.name,
        application: applicationName(options.applicationPrefix, job.name),
        scriptHash: contentHash(scriptPath),
        stateHash: job.stateHash,
        runnerHash,
        parallelism: options.parallelism ?? job.scaling.parallelism,
        autoscaling: job.scaling.autoscaling,
        scriptPath,
        usesRedis: job.referenceTables.some((table) => table.store === 'redis'),
        resources: job.resources,
      };
    });
}
