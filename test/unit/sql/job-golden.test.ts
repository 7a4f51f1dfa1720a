import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../../common/repo-paths.js';
import { compileAll } from '../../../sql/compiler/compile-all.js';
import { expectGolden } from '../../support/golden.js';
import { GOLDEN_TARGETS } from '../../support/golden-targets.js';

const GOLDEN_DIR = join(REPO_ROOT, 'test/golden/jobs');

describe.each(Object.entries(GOLDEN_TARGETS))('every job in jobs/ compiled for the %s target', (targetName, target) => {
  it('matches its golden SQL, and the manifest matches its golden JSON', async () => {
    // Act
    const result = await compileAll({ jobsDir: join(REPO_ROOT, 'jobs'), repoRoot: REPO_ROOT, target });

    // Assess
    expect(result.compiled.length).toBeGreaterThan(0);
    for (const compiled of result.compiled) expectGolden(join(GOLDEN_DIR, `${compiled.identity.name}.${targetName}.sql`), compiled.sql);
    expectGolden(join(GOLDEN_DIR, `manifest.${targetName}.json`), `${JSON.stringify(result.manifest, null, 2)}\n`);
  });

  it('compiles deterministically: twice, byte-identical', async () => {
    // Act
    const first = await compileAll({ jobsDir: join(REPO_ROOT, 'jobs'), repoRoot: REPO_ROOT, target });
    const second = await compileAll({ jobsDir: join(REPO_ROOT, 'jobs'), repoRoot: REPO_ROOT, target });

    // Assess
    expect(second.compiled.map((job) => job.sql)).toEqual(first.compiled.map((job) => job.sql));
    expect(second.manifest).toEqual(first.manifest);
  });
});
