import { existsSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { localAwsEndpoint, secretsManagerAnswers } from './aws-probe.js';
import { downloadsDir } from './cache-paths.js';
import { freeLoopbackPort } from './free-port.js';
import { SECOND, type LocalService } from './local-service.js';
import { ManagedProcess } from './managed-process.js';
import { lastLines, runCommand } from './run-command.js';
import { ServiceInstallError } from './service-errors.js';

/**
 * Secrets Manager through moto's server (PyPI `moto`, the AWS API emulator most Python projects test
 * with), only its Secrets Manager part: where the cache user's password lives, as in AWS, for the
 * Flink runner's `redis` tables and the enricher. Installed once into its own virtual environment
 * under the download cache; in memory.
 */
export const MOTO_VERSION = '5.2.5';
const PACKAGES = [`moto[secretsmanager]==${MOTO_VERSION}`, 'flask==3.1.3', 'flask-cors==6.0.5'];

function venvDir(): string {
  return join(downloadsDir(), `moto-${MOTO_VERSION}`);
}

async function run(command: string, args: readonly string[], what: string): Promise<void> {
  const result = await runCommand(command, args);
  if (result.exitCode !== 0) throw new ServiceInstallError('secretsmanager', `${what} failed:\n${lastLines(result.output, 15)}`);
}

export const secretsManagerService: LocalService<'secretsmanager'> = {
  name: 'secretsmanager',

  async install(log) {
    const marker = join(venvDir(), '.complete');
    if (existsSync(marker)) return;
    log(`secretsmanager: installing moto ${MOTO_VERSION} (Secrets Manager only, ~140 MB) from PyPI into a virtual environment (once)`);
    // Built beside its final place and renamed in, so an interrupted install never looks complete.
    const staging = `${venvDir()}.staging-${process.pid}`;
    rmSync(staging, { recursive: true, force: true });
    try {
      await run('python3', ['-m', 'venv', staging], 'python3 -m venv (Debian: apt-get install python3-venv)');
      await run(join(staging, 'bin/pip'), ['install', '--quiet', '--disable-pip-version-check', ...PACKAGES], `pip install ${PACKAGES.join(' ')}`);
      writeFileSync(join(staging, '.complete'), `${PACKAGES.join(' ')}\n`);
      rmSync(venvDir(), { recursive: true, force: true });
      renameSync(staging, venvDir());
    } finally {
      rmSync(staging, { recursive: true, force: true });
    }
  },

  async launch(context) {
    const port = await freeLoopbackPort();
    const endpoint = localAwsEndpoint(`http://127.0.0.1:${port}`);
    // A virtual environment's scripts name its own interpreter by absolute path, so it cannot be moved
    // after install; running the module through that interpreter keeps working if it was.
    const server = ManagedProcess.start({
      name: 'secretsmanager',
      command: join(venvDir(), 'bin/python'),
      args: ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)],
      logPath: context.logPath,
      cwd: context.instanceDir,
    });
    return { process: server, endpoint, probe: () => secretsManagerAnswers(endpoint), readyTimeoutMs: 60 * SECOND };
  },
};
