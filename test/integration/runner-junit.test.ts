import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { REPO_ROOT } from '../../common/repo-paths.js';

/**
 * The runner's JUnit tests (Maven Surefire), run as part of `npm test`. Surefire's own counts are
 * printed so they are visible beside vitest's. The Secrets Manager ones use the run's local
 * Secrets Manager (moto).
 */
describe('runner JUnit tests (Maven Surefire)', () => {
  it('all pass', () => {
    // Act
    // The local Secrets Manager, for the `redis` table's credentials.secret tests.
    const secretsManager = `-Dsecretsmanager.endpoint=${inject('services').secretsmanager.endpoint}`;
    const result = spawnSync('mvn', ['-B', '-ntp', '-f', join(REPO_ROOT, 'runner/pom.xml'), secretsManager, 'test'], { encoding: 'utf8' });

    // Assess
    const reports = join(REPO_ROOT, 'runner/target/surefire-reports');
    const summaries = readdirSync(reports)
      .filter((file) => file.endsWith('.txt'))
      .map((file) => readFileSync(join(reports, file), 'utf8').split('\n').find((line) => line.startsWith('Tests run:')) ?? `${file}: no summary`);
    console.info(`[surefire]\n${summaries.join('\n')}`);
    expect(result.status, result.stdout.slice(-3000)).toBe(0);
    const total = summaries.reduce((sum, line) => sum + Number(/Tests run: (\d+)/.exec(line)?.[1] ?? 0), 0);
    expect(total).toBeGreaterThanOrEqual(23);
    expect(summaries.every((line) => /Failures: 0, Errors: 0, Skipped: 0/.test(line))).toBe(true);
  }, 600_000);
});
