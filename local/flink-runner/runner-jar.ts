import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../services/cache-paths.js';

const RUNNER_DIR = join(REPO_ROOT, 'sql/runner');
export const RUNNER_JAR = join(RUNNER_DIR, 'target/flink-sql-runner-0.1.0.jar');

function newestSource(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((entry) => newestSource(join(path, entry))));
}

/**
 * Builds the runner jar with Maven when it is missing or older than its sources, so `npm test`
 * needs no separate build step. The first build downloads Flink from Maven Central (~300 MB).
 */
export function ensureRunnerJar(): string {
  const stale = !existsSync(RUNNER_JAR) || statSync(RUNNER_JAR).mtimeMs < Math.max(newestSource(join(RUNNER_DIR, 'src')), newestSource(join(RUNNER_DIR, 'pom.xml')));
  if (stale) {
    console.info('[runner] building sql/runner (mvn package) ...');
    execFileSync('mvn', ['-B', '-ntp', '-q', '-f', join(RUNNER_DIR, 'pom.xml'), 'package', '-DskipTests'], { stdio: 'inherit' });
  }
  return RUNNER_JAR;
}
