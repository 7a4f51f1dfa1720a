/**
 * The enricher's Lambda bundle holds no job definition and no DSL: it learns the jobs from its environment
 * (infra/enricher-environment.ts). Bundled here as the CDK app bundles it (esbuild, ESM, node), with esbuild's
 * metafile listing every source file that went in.
 */
import { join } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../../common/repo-paths.js';

async function bundledSources(entry: string): Promise<string[]> {
  const result = await build({ entryPoints: [join(REPO_ROOT, entry)], absWorkingDir: REPO_ROOT, bundle: true, platform: 'node', format: 'esm', mainFields: ['module', 'main'], write: false, metafile: true, logLevel: 'silent' });
  return Object.keys(result.metafile.inputs).filter((file) => !file.startsWith('node_modules/'));
}

describe("the enricher's Lambda bundle", () => {
  it('holds the handler and none of jobs/ or sql/ (a bundle of a job file holds both, so the check sees them)', async () => {
    // Act
    const enricher = await bundledSources('enricher/handler.ts');
    const jobFile = await bundledSources('jobs/user-activity.ts');

    // Assess
    expect(enricher).toContain('enricher/handler.ts');
    expect(enricher.filter((file) => /^(jobs|sql)\//.test(file))).toEqual([]);
    expect(jobFile.some((file) => file.startsWith('sql/dsl/'))).toBe(true);
  });
});
