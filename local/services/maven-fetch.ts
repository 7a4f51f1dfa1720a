import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isOnPath, lastLines, runCommand } from '../../common/process/run-command.js';
import { ServiceInstallError } from './service-errors.js';
import { fillFolderInPlace } from './staged-folder.js';

/**
 * Java artifacts come from Maven Central through Maven itself: it resolves transitive dependencies,
 * honours the user's settings.xml (mirrors, proxies) and, with -C, fails on a checksum mismatch
 * instead of caching a corrupt download.
 */
const MAVEN_FLAGS = ['-B', '-ntp', '-q', '-C'] as const;

async function runMaven(service: string, args: readonly string[]): Promise<void> {
  if (!(await isOnPath('mvn'))) {
    throw new ServiceInstallError(service, 'Maven (mvn) is not on PATH; install it (Debian: apt-get install maven)');
  }
  const result = await runCommand('mvn', [...MAVEN_FLAGS, ...args]);
  if (result.exitCode !== 0) {
    throw new ServiceInstallError(service, `mvn ${args.join(' ')} failed:\n${lastLines(result.output, 15)}`);
  }
}

/** Copies one artifact (`group:artifact:version[:type[:classifier]]`) into `outputDir`. */
export async function copyMavenArtifact(service: string, coordinates: string, outputDir: string): Promise<void> {
  await runMaven(service, ['dependency:copy', `-Dartifact=${coordinates}`, `-DoutputDirectory=${outputDir}`]);
}

/** Copies the runtime dependencies declared by a fetch-only POM into `outputDir`. */
export async function copyMavenDependencies(
  service: string,
  pomPath: string,
  properties: Readonly<Record<string, string>>,
  outputDir: string,
): Promise<void> {
  await runMaven(service, [
    '-f',
    pomPath,
    ...Object.entries(properties).map(([key, value]) => `-D${key}=${value}`),
    'dependency:copy-dependencies',
    '-DincludeScope=runtime',
    `-DoutputDirectory=${outputDir}`,
  ]);
}

export const FETCH_POMS_DIR = join(import.meta.dirname, 'maven');

/**
 * Installs a Java service's jars into `libDir` once: resolved into a staging folder, marked complete,
 * then renamed into place, so an interrupted download never looks installed.
 */
export async function installMavenDistribution(
  service: string,
  pomFile: string,
  properties: Readonly<Record<string, string>>,
  libDir: string,
  announce: () => void,
): Promise<void> {
  const marker = join(libDir, '.complete');
  if (existsSync(marker)) return;
  announce();
  await fillFolderInPlace(libDir, async (staging) => {
    await copyMavenDependencies(service, join(FETCH_POMS_DIR, pomFile), properties, staging);
    writeFileSync(join(staging, '.complete'), `${Object.values(properties).join(' ')}\n`);
  });
}
