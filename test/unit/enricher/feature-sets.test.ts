import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { enricherConfigFromEnv } from '../../../enricher/enricher-config.js';
import { FEATURE_SET } from '../../../enricher/feature-row.js';
import { REPO_ROOT } from '../../../common/repo-paths.js';
import { enricherJobsEnvironment, writingJobsOf } from '../../../infra/enricher-environment.js';
import { compileAll } from '../../../sql/compiler/compile-all.js';
import { DEFAULT_SINK_STREAM } from '../../../sql/dsl/job-common.js';
import { GOLDEN_TARGETS } from '../../support/golden-targets.js';
import { ipNetworks, zipCodes } from '../../../jobs/sources.js';
import type { ReferenceTable } from '../../../sql/dsl/reference-table.js';

/** A Redis-stored table's key prefix, as jobs/sources.ts declares it. */
const keyPrefix = (table: ReferenceTable): string => (table.store.kind === 'redis' ? table.store.keyPrefix : `not in Redis: ${table.name}`);

/** The environment the enricher needs besides what the jobs give it. */
const BASE_ENVIRONMENT = { PREDICTIONS_TABLE: 'predictions', REDIS_URL: 'redis://127.0.0.1:6379', ML_ENDPOINT: 'http://127.0.0.1:8080', DEAD_LETTER_QUEUE: 'dlq', DEAD_LETTER_PAYLOADS: 'file:/tmp/payloads' };

describe('the feature sets on the shared features stream', () => {
  it("reach the enricher from the compiled manifest: every job writing the stream, by its rows' feature_set, its own one among them", async () => {
    // Prepare
    const target = Object.values(GOLDEN_TARGETS)[0];
    if (target === undefined) throw new Error('no compile target to load the jobs with');
    const { manifest } = await compileAll({ jobsDir: join(REPO_ROOT, 'jobs'), repoRoot: REPO_ROOT, target });
    // Each row's feature_set is a constant of the job's output schema.
    const featureSetOf = (schema: Record<string, unknown>): unknown => (schema.properties as Record<string, { const?: unknown } | undefined> | undefined)?.feature_set?.const;
    const onFeaturesStream = manifest.jobs.filter((job) => job.sinks.some((sink) => sink.stream === DEFAULT_SINK_STREAM)).map((job) => featureSetOf(job.outputSchema));

    // Act
    const config = enricherConfigFromEnv({ ...BASE_ENVIRONMENT, ...enricherJobsEnvironment(writingJobsOf(manifest)) });

    // Assess
    expect(onFeaturesStream.length).toBeGreaterThan(1);
    expect([...config.FEATURE_SETS].sort()).toEqual([...onFeaturesStream].sort());
    expect(config.FEATURE_SETS.has(FEATURE_SET)).toBe(true);
    expect(config.REFERENCE_KEY_PREFIXES).toEqual({ zip_codes: keyPrefix(zipCodes), ip_networks: keyPrefix(ipNetworks) });
  });

  it('a configuration without the scored feature set, or with prefixes that are not JSON, is refused naming the variable', () => {
    // Act
    const attempt = () => enricherConfigFromEnv({ ...BASE_ENVIRONMENT, FEATURE_SETS: 'url-traffic.v1,top-pages.v1', REFERENCE_KEY_PREFIXES: 'zip:' });

    // Assess
    expect(attempt).toThrow(/FEATURE_SETS: must include 'user-activity.v1'.*REFERENCE_KEY_PREFIXES: must be JSON/);
  });
});
