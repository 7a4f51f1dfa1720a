import type { ManagedProcess } from '../../common/process/managed-process.js';
import type { ProgressLog, ServiceEndpoints, ServiceName } from './service-types.js';

/** What the manager hands a service when it starts it. */
export interface StartContext {
  /** A private, empty folder for this instance's data; removed when the instance stops. */
  readonly instanceDir: string;
  readonly logPath: string;
  readonly log: ProgressLog;
}

export interface LaunchedService<N extends ServiceName> {
  readonly process: ManagedProcess;
  readonly endpoint: ServiceEndpoints[N];
  /** A real request against the service: true once it serves; may throw while it starts. */
  readonly probe: () => Promise<boolean>;
  readonly readyTimeoutMs: number;
}

/**
 * One real service run as a local child process. `install` makes it runnable (downloads into the
 * cache, packages) and is cheap when already done; `launch` spawns it on free loopback ports and
 * returns at once with the probe that tells when it is ready: the manager registers the process for
 * clean-up before it waits, so a service that hangs while starting is never left behind.
 */
export interface LocalService<N extends ServiceName> {
  readonly name: N;
  install(log: ProgressLog): Promise<void>;
  launch(context: StartContext): Promise<LaunchedService<N>>;
  /** Where instance folders go when the default (the cache's run folder) will not do. */
  instanceRoot?(): Promise<string>;
}

export const SECOND = 1000;
