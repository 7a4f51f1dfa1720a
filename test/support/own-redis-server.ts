import { Redis } from 'ioredis';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ManagedProcess } from '../../common/process/managed-process.js';

/**
 * A redis-server of a test's own, for tests that kill it (the shared one must stay up): started on
 * `port` without persistence (plus `args`, e.g. ACL users), resolved once it answers PING (as `auth`).
 */
export async function startOwnRedis(port: number, folder: string, options: { readonly args?: readonly string[]; readonly auth?: { readonly username: string; readonly password: string } } = {}): Promise<ManagedProcess> {
  const server = ManagedProcess.start({ name: 'redis', command: 'redis-server', args: ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', ...(options.args ?? [])], logPath: join(folder, 'redis.log') });
  const probe = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, ...options.auth });
  probe.on('error', () => undefined);
  for (let attempt = 0; attempt < 100; attempt++) {
    try {
      await probe.connect();
      await probe.ping();
      probe.disconnect();
      return server;
    } catch {
      await sleep(50);
    }
  }
  throw new Error(`redis-server did not start:\n${server.logTail(10)}`);
}
