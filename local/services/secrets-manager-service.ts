import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { localAwsEndpoint, secretsManagerAnswers } from './aws-probe.js';
import { downloadsDir } from '../../common/repo-paths.js';
import { freeLoopbackPort } from './free-port.js';
import { SECOND, type LocalService } from './local-service.js';
import { ManagedProcess } from '../../common/process/managed-process.js';
import { ensurePythonVenv } from '../../common/process/python-venv.js';
import { ServiceInstallError } from './service-errors.js';

/**
 * Secrets Manager through moto's server (PyPI `moto`, the AWS API emulator most Python projects test
 * with), only its Secrets Manager part: where the cache user's password lives, as in AWS, for the
 * Flink runner's `redis` tables and the enricher. Installed once into its own virtual environment
 * under the download cache; in memory.
 */
export const MOTO_VERSION = '5.2.5';
// botocore is pinned as well: its service models (botocore/data) are what the local Managed Flink control plane validates requests against.
const PACKAGES = [`moto[secretsmanager]==${MOTO_VERSION}`, 'botocore==1.44.18', 'flask==3.1.3', 'flask-cors==6.0.5'];

function venvDir(): string {
  return join(downloadsDir(), `moto-${MOTO_VERSION}`);
}

export const secretsManagerService: LocalService<'secretsmanager'> = {
  name: 'secretsmanager',

  async install(log) {
    if (existsSync(join(venvDir(), '.complete'))) return;
    log(`secretsmanager: installing moto ${MOTO_VERSION} (Secrets Manager only, ~140 MB) from PyPI into a virtual environment (once)`);
    await ensurePythonVenv(venvDir(), PACKAGES, (message) => new ServiceInstallError('secretsmanager', message));
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
