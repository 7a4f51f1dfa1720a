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
  return ensureJar(RUNNER_JAR, []);
}

/** The jar for Amazon Managed Service for Apache Flink: Flink `provided` (-Pmanaged-flink), in its own folder. */
export const MANAGED_RUNNER_JAR = join(RUNNER_DIR, 'target/managed-flink/flink-sql-runner-0.1.0.jar');

export function ensureManagedRunnerJar(): string {
  return ensureJar(MANAGED_RUNNER_JAR, ['-Pmanaged-flink']);
}

function ensureJar(jar: string, profile: readonly string[]): string {
  const stale = !existsSync(jar) || statSync(jar).mtimeMs < Math.max(newestSource(join(RUNNER_DIR, 'src')), newestSource(join(RUNNER_DIR, 'pom.xml')));
  if (stale) {
    console.info(`[runner] building sql/runner (mvn ${[...profile, 'package'].join(' ')}) ...`);
    execFileSync('mvn', ['-B', '-ntp', '-q', '-f', join(RUNNER_DIR, 'pom.xml'), ...profile, 'package', '-DskipTests'], { stdio: 'inherit' });
  }
  return jar;
}
