import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runDir } from '../../common/repo-paths.js';
import type { ServiceInstance } from './local-process-backend.js';
import { isProcessGroupAlive, stopProcessGroup } from '../../common/process/managed-process.js';
import type { ServiceEndpoints } from './service-types.js';

/**
 * What `npm run services -- up` left running: the only state kept between commands. It is a record,
 * not a lock: every reader checks the processes are alive and treats a dead entry as gone.
 */
export interface DaemonState {
  readonly startedAt: string;
  readonly endpoints: Partial<ServiceEndpoints>;
  readonly instances: readonly ServiceInstance[];
}

function statePath(): string {
  return join(runDir(), 'services.json');
}

export function readDaemonState(): DaemonState | undefined {
  try {
    return JSON.parse(readFileSync(statePath(), 'utf8')) as DaemonState;
  } catch {
    return undefined;
  }
}

export function writeDaemonState(state: DaemonState): void {
  mkdirSync(runDir(), { recursive: true });
  writeFileSync(statePath(), `${JSON.stringify(state, null, 2)}\n`);
}

export function aliveInstances(state: DaemonState): ServiceInstance[] {
  return state.instances.filter((instance) => isProcessGroupAlive(instance.pid));
}

/** Stops every recorded service and forgets the state; returns the names it stopped. */
export async function stopDaemon(): Promise<string[]> {
  const state = readDaemonState();
  if (state === undefined) return [];
  const alive = aliveInstances(state);
  await Promise.all(alive.map((instance) => stopProcessGroup(instance.pid, 10_000)));
  for (const instance of state.instances) rmSync(instance.instanceDir, { recursive: true, force: true });
  rmSync(statePath(), { force: true });
  return alive.map((instance) => instance.name);
}
