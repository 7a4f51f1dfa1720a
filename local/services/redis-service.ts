import { Redis } from 'ioredis';
import { freeLoopbackPort } from './free-port.js';
import { SECOND, type LocalService } from './local-service.js';
import { ManagedProcess } from '../../common/process/managed-process.js';
import { isOnPath, lastLines, runCommand } from '../../common/process/run-command.js';
import { ServiceInstallError } from './service-errors.js';
import { isRoot } from './unprivileged-user.js';

/** Debian's redis-server, installed with apt-get when missing and we are root. */
export const redisService: LocalService<'redis'> = {
  name: 'redis',

  async install(log) {
    if (await isOnPath('redis-server')) return;
    if (!isRoot()) {
      throw new ServiceInstallError(
        'redis',
        'redis-server is not installed; install it with `sudo apt-get install redis-server` (Debian/Ubuntu) and run again',
      );
    }
    log('redis: redis-server is missing, installing the Debian package with apt-get');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const update = await runCommand('apt-get', ['update', '-q'], { env });
    const install = await runCommand('apt-get', ['install', '-y', '-q', '--no-install-recommends', 'redis-server'], { env });
    if (install.exitCode !== 0 || !(await isOnPath('redis-server'))) {
      throw new ServiceInstallError('redis', `apt-get install redis-server failed:\n${lastLines(update.output + install.output, 15)}`);
    }
  },

  async launch(context) {
    const port = await freeLoopbackPort();
    const process = ManagedProcess.start({
      name: 'redis',
      command: 'redis-server',
      // Pure in-memory: no RDB snapshots, no AOF; data lives as long as the instance.
      args: ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', context.instanceDir],
      logPath: context.logPath,
      cwd: context.instanceDir,
    });
    return {
      process,
      endpoint: { url: `redis://127.0.0.1:${port}`, host: '127.0.0.1', port },
      probe: () => redisAnswers(port),
      readyTimeoutMs: 30 * SECOND,
    };
  },
};

export async function redisAnswers(port: number): Promise<boolean> {
  const client = new Redis({ host: '127.0.0.1', port, lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
    return true;
  } finally {
    client.disconnect();
  }
}
