import { existsSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { runCommand } from '../../common/process/run-command.js';
import { ServiceInstallError } from './service-errors.js';

const MINIMUM_JAVA = 17;

/**
 * Finds a Java 17+ home for the Java services (Elasticsearch's integ-test-zip has no bundled JDK):
 * `JAVA_HOME` when set, else the `java` on PATH.
 */
export async function findJavaHome(service: string): Promise<string> {
  const fromEnv = process.env.JAVA_HOME;
  const javaHome = fromEnv !== undefined && existsSync(join(fromEnv, 'bin/java')) ? fromEnv : await javaHomeFromPath(service);
  const version = await runCommand(join(javaHome, 'bin/java'), ['-version']);
  const major = /version "(\d+)/.exec(version.output)?.[1];
  if (major === undefined || Number(major) < MINIMUM_JAVA) {
    throw new ServiceInstallError(
      service,
      `needs Java ${MINIMUM_JAVA} or newer, found ${major ?? 'an unreadable version'} at ${javaHome} (set JAVA_HOME to a JDK ${MINIMUM_JAVA})`,
    );
  }
  return javaHome;
}

async function javaHomeFromPath(service: string): Promise<string> {
  const which = await runCommand('sh', ['-c', 'command -v java']);
  const javaPath = which.output.trim();
  if (which.exitCode !== 0 || javaPath === '') {
    throw new ServiceInstallError(service, `needs Java ${MINIMUM_JAVA}: no java on PATH and JAVA_HOME is not set`);
  }
  // .../bin/java -> the JDK folder, following the Debian alternatives symlinks.
  return dirname(dirname(realpathSync(javaPath)));
}
