import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { logsDir, runDir } from '../../common/repo-paths.js';
import { claimInstanceFolder, createInstanceFolder, pruneOldLogs, pruneStaleInstanceFolders } from './instance-folders.js';
import type { LaunchedService } from './local-service.js';
import { killProcessGroupNow, type ManagedProcess } from '../../common/process/managed-process.js';
import { ProcessGuard } from './process-guard.js';
import { waitUntilReady } from './readiness.js';
import { ServiceError } from './service-errors.js';
import { LOCAL_SERVICES } from './service-registry.js';
import type { ProgressLog, RunningServices, ServiceEndpoints, ServiceName } from './service-types.js';

export interface LocalStartOptions<N extends ServiceName> {
  readonly services: readonly N[];
  readonly log: ProgressLog;
  /**
   * `owned` (default): the services die with this process, even when it is killed (a reaper process
   * watches it). `detached`: they outlive it, for `npm run services -- up`; stop them with `down`.
   */
  readonly lifetime?: 'owned' | 'detached';
}

/** One started service as the CLI and the daemon state file see it. */
export interface ServiceInstance {
  readonly name: ServiceName;
  readonly pid: number;
  readonly logPath: string;
  readonly instanceDir: string;
  readonly installMs: number;
  readonly readyMs: number;
}

export interface LocalRunningServices<N extends ServiceName> extends RunningServices<N> {
  readonly instances: readonly ServiceInstance[];
}

const LOGS_KEPT_PER_SERVICE = 5;

/**
 * Starts real services as child processes on free loopback ports: installs what is missing (cached),
 * launches all of them in parallel, waits for each to answer a real request, and on any failure
 * stops the ones that did start before reporting every failure.
 */
export async function startLocalServices<N extends ServiceName>(options: LocalStartOptions<N>): Promise<LocalRunningServices<N>> {
  const { log } = options;
  const names = [...new Set(options.services)];
  mkdirSync(logsDir(), { recursive: true });
  pruneOldLogs(logsDir(), LOGS_KEPT_PER_SERVICE);
  const guard = options.lifetime === 'detached' ? undefined : ProcessGuard.start();

  const started: { instance: ServiceInstance; process: ManagedProcess }[] = [];
  const outcomes = await Promise.allSettled(
    names.map(async (name) => {
      const service = LOCAL_SERVICES[name];
      const installStart = Date.now();
      await service.install(log);
      const installMs = Date.now() - installStart;

      const root = service.instanceRoot === undefined ? runDir() : await service.instanceRoot();
      pruneStaleInstanceFolders(root);
      const instanceDir = createInstanceFolder(root, name);
      guard?.cleanup(instanceDir);
      const logPath = join(logsDir(), `${name}-${Date.now()}-${process.pid}.log`);
      const launchStart = Date.now();
      let launched: LaunchedService<N>;
      try {
        launched = await service.launch({ instanceDir, logPath, log });
      } catch (error) {
        rmSync(instanceDir, { recursive: true, force: true });
        throw error;
      }
      guard?.watch(launched.process.pid);
      claimInstanceFolder(instanceDir, launched.process.pid);
      const instance: ServiceInstance = { name, pid: launched.process.pid, logPath, instanceDir, installMs, readyMs: 0 };
      started.push({ instance, process: launched.process });
      await waitUntilReady({ service: name, process: launched.process, probe: launched.probe, timeoutMs: launched.readyTimeoutMs });
      const ready = { ...instance, readyMs: Date.now() - launchStart };
      started[started.findIndex((entry) => entry.instance === instance)] = { instance: ready, process: launched.process };
      log(`${name} ready in ${(ready.readyMs / 1000).toFixed(1)} s (log: ${logPath})`);
      return [name, launched.endpoint] as const;
    }),
  );

  const stopAll = async (): Promise<void> => {
    await Promise.all(started.map(({ process }) => process.stop()));
    for (const { instance } of started) rmSync(instance.instanceDir, { recursive: true, force: true });
    guard?.finish();
  };

  const failures = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason as unknown] : []));
  if (failures.length > 0) {
    await stopAll();
    throw combineFailures(failures);
  }

  const endpoints = Object.fromEntries(
    outcomes.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : [])),
  ) as unknown as Pick<ServiceEndpoints, N>;

  let stopped: Promise<void> | undefined;
  const killOnExit = (): void => {
    for (const { process } of started) killProcessGroupNow(process.pid);
  };
  if (guard !== undefined) process.once('exit', killOnExit);
  return {
    backend: 'local-processes',
    endpoints,
    instances: started.map(({ instance }) => instance),
    stop: () => {
      process.off('exit', killOnExit);
      stopped ??= stopAll();
      return stopped;
    },
  };
}

function combineFailures(failures: readonly unknown[]): Error {
  if (failures.length === 1 && failures[0] instanceof Error) return failures[0];
  const messages = failures.map((failure) => (failure instanceof Error ? failure.message : String(failure)));
  return new ServiceError(`${failures.length} services failed to start:\n\n${messages.join('\n\n')}`);
}
