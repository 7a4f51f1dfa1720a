import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManagedProcess } from '../../../common/process/managed-process.js';
import { waitUntilReady } from '../../../local/services/readiness.js';
import { ServiceStartError } from '../../../local/services/service-errors.js';

function logPath(): string {
  return join(mkdtempSync(join(tmpdir(), 'readiness-')), 'service.log');
}

describe('waitUntilReady', () => {
  it('fails at once when the process exits, naming the service, the exit and the log tail', async () => {
    // Prepare: a "service" that dies the way a port clash makes real ones die.
    const log = logPath();
    const process = ManagedProcess.start({
      name: 'fake',
      command: 'sh',
      args: ['-c', 'echo "starting"; echo "bind: address already in use" >&2; exit 3'],
      logPath: log,
    });

    // Act
    const error: unknown = await waitUntilReady({
      service: 'redis',
      process,
      probe: () => Promise.reject(new Error('connection refused')),
      timeoutMs: 30_000,
      intervalMs: 20,
    }).catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(ServiceStartError);
    const message = (error as ServiceStartError).message;
    expect(message).toContain('redis failed to start: the process exited with code 3 before it was ready');
    expect(message).toContain(`log: ${log}`);
    expect(message).toContain('bind: address already in use');
  });

  it('gives up after the timeout with the last probe problem, and leaves the process to the caller', async () => {
    // Prepare
    const process = ManagedProcess.start({ name: 'fake', command: 'sleep', args: ['30'], logPath: logPath() });

    // Act
    const error: unknown = await waitUntilReady({
      service: 'dynamodb',
      process,
      probe: () => Promise.reject(new Error('ECONNREFUSED 127.0.0.1:1')),
      timeoutMs: 300,
      intervalMs: 20,
    }).catch((caught: unknown) => caught);
    const stillRunning = !process.hasExited;
    await process.stop(1_000);

    // Assess
    expect((error as Error).message).toContain('dynamodb failed to start: not ready after 0 s (last check: ECONNREFUSED 127.0.0.1:1)');
    expect(stillRunning).toBe(true);
    expect((await process.exited).signal).toBe('SIGTERM');
  });

  it('resolves as soon as the probe says ready', async () => {
    // Prepare
    const process = ManagedProcess.start({ name: 'fake', command: 'sleep', args: ['30'], logPath: logPath() });
    let calls = 0;

    // Act
    await waitUntilReady({ service: 'kinesis', process, probe: () => Promise.resolve(++calls >= 3), timeoutMs: 5_000, intervalMs: 10 });
    await process.stop(1_000);

    // Assess
    expect(calls).toBe(3);
  });
});
