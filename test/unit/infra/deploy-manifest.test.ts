import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readManifest } from '../../../infra/deploy-jobs/desired-jobs.js';
import { REPO_ROOT } from '../../../common/repo-paths.js';

/** A build folder holding one of the golden manifests as compile-jobs writes it. */
function buildWith(golden: string): string {
  const folder = mkdtempSync(join(tmpdir(), 'deploy-manifest-'));
  copyFileSync(join(REPO_ROOT, 'test/golden/jobs', golden), join(folder, 'manifest.json'));
  return folder;
}

describe('the manifest deploy-jobs reads', () => {
  it.each(['manifest.local.json', 'manifest.aws.json'])('reads %s as compile-jobs writes it, every resource kind included (dead letters too)', (golden) => {
    // Act
    const manifest = readManifest(buildWith(golden));

    // Assess
    expect(manifest.jobs).toHaveLength(13);
    const deadLetters = manifest.jobs.flatMap((job) => job.resources.filter((resource) => resource.kind === 'dead-letters'));
    expect(deadLetters).toHaveLength(13);
    expect(deadLetters.every((resource) => resource.queueUrl?.endsWith('/clickstream-jobs-dlq'))).toBe(true);
  });
});
