import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../local/services/cache-paths.js';

/**
 * The runner's JUnit tests (Maven Surefire), run as part of `npm test`. Surefire's own counts are
 * printed so they are visible beside vitest's.
 */
describe('runner JUnit tests (Maven Surefire)', () => {
  it('all pass', () => {
    // Act
    const result = spawnSync('mvn', ['-B', '-ntp', '-f', join(REPO_ROOT, 'sql/runner/pom.xml'), 'test'], { encoding: 'utf8' });

    // Assess
    const reports = join(REPO_ROOT, 'sql/runner/target/surefire-reports');
    const summaries = readdirSync(reports)
      .filter((file) => file.endsWith('.txt'))
      .map((file) => readFileSync(join(reports, file), 'utf8').split('\n').find((line) => line.startsWith('Tests run:')) ?? `${file}: no summary`);
    console.info(`[surefire]\n${summaries.join('\n')}`);
    expect(result.status, result.stdout.slice(-3000)).toBe(0);
    const total = summaries.reduce((sum, line) => sum + Number(/Tests run: (\d+)/.exec(line)?.[1] ?? 0), 0);
    expect(total).toBeGreaterThanOrEqual(21);
    expect(summaries.every((line) => /Failures: 0, Errors: 0, Skipped: 0/.test(line))).toBe(true);
  }, 600_000);
});
