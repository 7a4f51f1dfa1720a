import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { REPO_ROOT } from '../common/repo-paths.js';

const RUNNER_DIR = join(REPO_ROOT, 'runner');
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
  return ensureMavenJar(RUNNER_DIR, RUNNER_JAR, []);
}

/** The jar for Amazon Managed Service for Apache Flink: Flink `provided` (-Pmanaged-flink), in its own folder. */
export const MANAGED_RUNNER_JAR = join(RUNNER_DIR, 'target/managed-flink/flink-sql-runner-0.1.0.jar');

export function ensureManagedRunnerJar(): string {
  return ensureMavenJar(RUNNER_DIR, MANAGED_RUNNER_JAR, ['-Pmanaged-flink']);
}

/** Builds `jar` with the Maven project in `projectDir` when it is missing or older than the project's sources or pom. */
export function ensureMavenJar(projectDir: string, jar: string, profile: readonly string[]): string {
  const stale = !existsSync(jar) || statSync(jar).mtimeMs < Math.max(newestSource(join(projectDir, 'src')), newestSource(join(projectDir, 'pom.xml')));
  if (stale) {
    console.info(`[maven] building ${relative(REPO_ROOT, projectDir)} (mvn ${[...profile, 'package'].join(' ')}) ...`);
    execFileSync('mvn', ['-B', '-ntp', '-q', '-f', join(projectDir, 'pom.xml'), ...profile, 'package', '-DskipTests'], { stdio: 'inherit' });
  }
  return jar;
}
