import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FEATURE_SET, OTHER_FEATURE_SETS } from '../../../enricher/feature-row.js';
import { REPO_ROOT } from '../../../local/services/cache-paths.js';
import { compileAll } from '../../../sql/compiler/compile-all.js';
import { DEFAULT_SINK_STREAM } from '../../../sql/dsl/job-common.js';
import { GOLDEN_TARGETS } from '../../support/golden-targets.js';

describe('the feature sets on the shared features stream', () => {
  it("are the enricher's own one plus OTHER_FEATURE_SETS, exactly: a new job there must be added to the list", async () => {
    // Prepare
    const target = Object.values(GOLDEN_TARGETS)[0];
    if (target === undefined) throw new Error('no compile target to load the jobs with');

    // Act
    const { manifest } = await compileAll({ jobsDir: join(REPO_ROOT, 'jobs'), repoRoot: REPO_ROOT, target });
    // Each row's feature_set is a constant of the job's output schema.
    const featureSetOf = (schema: Record<string, unknown>): unknown => (schema.properties as Record<string, { const?: unknown } | undefined> | undefined)?.feature_set?.const;
    const onFeaturesStream = manifest.jobs.filter((job) => job.sinks.some((sink) => sink.stream === DEFAULT_SINK_STREAM)).map((job) => featureSetOf(job.outputSchema));

    // Assess
    expect(onFeaturesStream).toContain(FEATURE_SET);
    expect([...OTHER_FEATURE_SETS].sort()).toEqual(onFeaturesStream.filter((name) => name !== FEATURE_SET).sort());
  });
});
