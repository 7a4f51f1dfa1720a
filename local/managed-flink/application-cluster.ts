/**
 * A local stand-in for the runtime of Amazon Managed Service for Apache Flink: an application-mode
 * Flink 1.19.3 cluster (local/managed-flink/, Java) that runs the runner's managed-flink jar as the
 * service does. What the service does, and this copies:
 *
 * - Flink is provided by the runtime, not by the jar: the cluster's own jar holds Flink's modules
 *   and the application jar is loaded child-first on top of them (Flink's user-code class loader).
 * - The application's `main` runs inside the JobManager (application mode) with no arguments; a
 *   `main` that throws fails the application, and `System.exit` is refused
 *   (`cluster.intercept-user-system-exit: THROW`).
 * - Runtime properties are read from /etc/flink/application_properties.json, the file the service
 *   writes and `KinesisAnalyticsRuntime.getApplicationProperties()` reads (its bundled
 *   config.properties names that path). The cluster runs in a mount namespace of its own (`unshare`)
 *   where a temporary folder is bound over /etc/flink, so the machine's /etc is not written.
 *
 * What it cannot copy: the Java 11 of the service's FLINK-1_19 runtime (this machine has Java 17;
 * the jar's class-file versions are checked instead) and the S3 file system plugin (scripts are
 * given as file:// here).
 */
import { mkdirSync, mkdtempSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ensureMavenJar } from '../../runner/runner-jar.js';
import { REPO_ROOT } from '../../common/repo-paths.js';
import { freeLoopbackPort } from '../services/free-port.js';
import { ManagedProcess } from '../../common/process/managed-process.js';

const PROJECT_DIR = join(REPO_ROOT, 'local/managed-flink');
const CLUSTER_JAR = join(PROJECT_DIR, 'target/managed-flink-cluster.jar');
/** Where the service puts an application's runtime properties. */
export const APPLICATION_PROPERTIES_DIR = '/etc/flink';

/**
 * How the cluster exits when the application's `main` fails: Flink's application bootstrap treats
 * it as a fatal error of the entry point, which exits with `ClusterEntrypoint.RUNTIME_FAILURE_RETURN_CODE`.
 */
export const APPLICATION_FAILED_EXIT_CODE = 2;

export function ensureApplicationClusterJar(): string {
  return ensureMavenJar(PROJECT_DIR, CLUSTER_JAR, []);
}

/** One property group of an application, as the service's API and properties file name them. */
export interface PropertyGroup {
  readonly PropertyGroupId: string;
  readonly PropertyMap: Readonly<Record<string, string>>;
}

export interface ApplicationOptions {
  /** The application jar (the runner's managed-flink jar). */
  readonly applicationJar: string;
  /** The application's runtime properties, written where the service writes them. */
  readonly propertyGroups: readonly PropertyGroup[];
  /** JVM system properties, e.g. to talk to a local Kinesis API. */
  readonly systemProperties?: Readonly<Record<string, string>>;
  /** Flink configuration (`-Dkey=value` of the cluster). */
  readonly flinkConfiguration?: Readonly<Record<string, string>>;
}

export interface FlinkJobState {
  readonly id: string;
  readonly state: string;
  readonly restarts: number;
}

export interface RunningApplication {
  readonly process: ManagedProcess;
  readonly restUrl: string;
  readonly folder: string;
  /** The application's Flink jobs and their states, from the JobManager's REST API; [] before it answers. */
  readonly jobs: () => Promise<FlinkJobState[]>;
  readonly stop: () => Promise<void>;
}

async function fetchJson(url: string): Promise<unknown> {
  const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
  if (!response.ok) throw new Error(`${url}: HTTP ${String(response.status)}`);
  return response.json();
}

async function jobStates(restUrl: string): Promise<FlinkJobState[]> {
  let overview: { jobs?: { jid: string; state: string }[] };
  try {
    overview = (await fetchJson(`${restUrl}/jobs/overview`)) as typeof overview;
  } catch {
    return [];
  }
  const states: FlinkJobState[] = [];
  for (const job of overview.jobs ?? []) {
    const metrics = (await fetchJson(`${restUrl}/jobs/${job.jid}/metrics?get=numRestarts`)) as { id: string; value: string }[];
    states.push({ id: job.jid, state: job.state, restarts: Number(metrics.find((metric) => metric.id === 'numRestarts')?.value ?? 0) });
  }
  return states;
}

/**
 * The command that runs the cluster with `folder` bound over /etc/flink in a private mount
 * namespace. Root can bind directly; another user gets a user namespace in which it is root.
 */
function namespacedCommand(folder: string, java: readonly string[]): { command: string; args: string[] } {
  const isRoot = process.getuid?.() === 0;
  if (!existsSync(APPLICATION_PROPERTIES_DIR)) {
    if (!isRoot) throw new Error(`${APPLICATION_PROPERTIES_DIR} does not exist and only root may create it; create it (empty) once, then run again`);
    // An empty mount point; the bound folder appears there only inside the namespace.
    mkdirSync(APPLICATION_PROPERTIES_DIR, { recursive: true });
  }
  const quoted = java.map((part) => `'${part.replace(/'/g, `'\\''`)}'`).join(' ');
  return {
    command: 'unshare',
    args: [...(isRoot ? [] : ['--user', '--map-root-user']), '--mount', '--propagation', 'private', 'sh', '-c', `mount --bind '${folder}' ${APPLICATION_PROPERTIES_DIR} && exec ${quoted}`],
  };
}

/** Starts the application cluster; the application's `main` runs as soon as the JobManager is up. */
export async function startManagedFlinkApplication(options: ApplicationOptions): Promise<RunningApplication> {
  const clusterJar = ensureApplicationClusterJar();
  const folder = mkdtempSync(join(tmpdir(), 'managed-flink-'));
  const etc = join(folder, 'etc-flink');
  mkdirSync(etc);
  writeFileSync(join(etc, 'application_properties.json'), JSON.stringify(options.propertyGroups, null, 2));
  const [rpcPort, restPort] = [await freeLoopbackPort(), await freeLoopbackPort()];
  const java = [
    'java',
    '-Xmx1g',
    ...Object.entries(options.systemProperties ?? {}).map(([key, value]) => `-D${key}=${value}`),
    '-jar',
    clusterJar,
    '--jar',
    options.applicationJar,
    '--rpc-port',
    String(rpcPort),
    '--rest-port',
    String(restPort),
    ...Object.entries(options.flinkConfiguration ?? {}).map(([key, value]) => `-D${key}=${value}`),
  ];
  const { command, args } = namespacedCommand(etc, java);
  const process = ManagedProcess.start({ name: 'managed-flink', command, args, logPath: join(folder, 'cluster.log') });
  const restUrl = `http://127.0.0.1:${String(restPort)}`;
  return {
    process,
    restUrl,
    folder,
    jobs: () => jobStates(restUrl),
    stop: () => process.stop(10_000),
  };
}

/** Waits until `condition` holds, or fails naming `what` and the cluster's log tail (the process may have ended). */
export async function waitForApplication<T>(application: RunningApplication, what: string, timeoutMs: number, condition: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await condition();
    if (value !== undefined) return value;
    if (application.process.hasExited || Date.now() > deadline) {
      throw new Error(`no ${what}: the application cluster ${application.process.exitDescription}; log ${application.process.logPath}:\n${application.process.logTail(40)}`);
    }
    await sleep(250);
  }
}
