import { chownSync, cpSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { downloadsDir } from '../../common/repo-paths.js';
import { freeLoopbackPort } from './free-port.js';
import { findJavaHome } from './java-runtime.js';
import { SECOND, type LocalService, type StartContext } from './local-service.js';
import { ManagedProcess } from '../../common/process/managed-process.js';
import { copyMavenArtifact } from './maven-fetch.js';
import { lastLines, runCommand } from '../../common/process/run-command.js';
import { ServiceInstallError } from './service-errors.js';
import type { ProgressLog } from './service-types.js';
import { ensureSystemUser, isRoot, type UserIds } from './unprivileged-user.js';

/**
 * Elasticsearch 8.19 from the `integ-test-zip` distribution on Maven Central: the real server with
 * only its core modules (no bundled JDK, no ML, no ingest-geoip), which keeps it small and offline.
 */
export const ELASTICSEARCH_VERSION = '8.19.21';
/** SHA-1 published beside the zip on Maven Central; checked again after every download. */
const ZIP_SHA1 = '8861771bbfe2fab12ccc386bc8b4c5c6f9619865';
const ZIP_NAME = `elasticsearch-${ELASTICSEARCH_VERSION}.zip`;
const SERVICE_USER = 'clickstream-es';

export const elasticsearchService: LocalService<'elasticsearch'> = {
  name: 'elasticsearch',

  async install(log) {
    await downloadZip(log);
    const user = isRoot() ? await ensureSystemUser('elasticsearch', SERVICE_USER) : undefined;
    await extractHome(installRoot(), user, log);
  },

  instanceRoot() {
    return Promise.resolve(join(installRoot(), 'run'));
  },

  async launch(context) {
    const user = isRoot() ? await ensureSystemUser('elasticsearch', SERVICE_USER) : undefined;
    if (user !== undefined) {
      context.log(`elasticsearch refuses to run as root: running it as the unprivileged user '${user.name}'`);
    }
    const home = join(installRoot(), `elasticsearch-${ELASTICSEARCH_VERSION}`);
    const [httpPort, transportPort, javaHome] = await Promise.all([
      freeLoopbackPort(),
      freeLoopbackPort(),
      findJavaHome('elasticsearch'),
    ]);
    const paths = prepareInstance(context, home, user);
    const url = `http://127.0.0.1:${httpPort}`;
    const process = ManagedProcess.start({
      name: 'elasticsearch',
      command: join(home, 'bin/elasticsearch'),
      args: settings({ httpPort, transportPort, ...paths }).map((setting) => `-E${setting}`),
      logPath: context.logPath,
      cwd: context.instanceDir,
      env: {
        PATH: globalThis.process.env.PATH,
        ES_JAVA_HOME: javaHome,
        ES_PATH_CONF: paths.config,
        ES_TMPDIR: paths.tmp,
        ES_JAVA_OPTS: `-Xms${heap()} -Xmx${heap()}`,
      },
      ...(user === undefined ? {} : { uid: user.uid, gid: user.gid }),
    });
    // Cold starts on two busy cores take tens of seconds; three minutes leaves room without hanging CI.
    return { process, endpoint: { url }, probe: () => clusterIsHealthy(url), readyTimeoutMs: 180 * SECOND };
  },
};

async function clusterIsHealthy(url: string): Promise<boolean> {
  const response = await fetch(`${url}/_cluster/health`, { signal: AbortSignal.timeout(5 * SECOND) });
  const health = (await response.json()) as { status?: string };
  return health.status === 'green' || health.status === 'yellow';
}

function heap(): string {
  return globalThis.process.env.CLICKSTREAM_ES_HEAP ?? '512m';
}

function settings(options: {
  httpPort: number;
  transportPort: number;
  data: string;
  logs: string;
}): string[] {
  return [
    'discovery.type=single-node',
    'network.host=127.0.0.1',
    `http.port=${options.httpPort}`,
    `transport.port=${options.transportPort}`,
    `path.data=${options.data}`,
    `path.logs=${options.logs}`,
    'cluster.name=clickstream-local',
    'node.name=local',
    // The zip carries x-pack-security; local runs are loopback-only and plain HTTP.
    'xpack.security.enabled=false',
    // A nearly full developer disk must not flip indices to read-only mid-test.
    'cluster.routing.allocation.disk.threshold_enabled=false',
    // Deleting by wildcard lets tests clean up their indices in one call.
    'action.destructive_requires_name=false',
  ];
}

/**
 * Elasticsearch writes into its config folder (keystore) and needs data, log and temp folders it
 * owns; all of them live in the instance folder, so concurrent instances never share state.
 */
function prepareInstance(context: StartContext, home: string, user: UserIds | undefined) {
  const paths = {
    config: join(context.instanceDir, 'config'),
    data: join(context.instanceDir, 'data'),
    logs: join(context.instanceDir, 'logs'),
    tmp: join(context.instanceDir, 'tmp'),
  };
  cpSync(join(home, 'config'), paths.config, { recursive: true });
  for (const folder of [paths.data, paths.logs, paths.tmp]) mkdirSync(folder, { recursive: true });
  if (user !== undefined) chownTree(context.instanceDir, user);
  return paths;
}

/**
 * Where the unpacked distribution lives. As root it must be readable by the unprivileged user, and
 * the checkout may sit under a private home folder, so it goes to the system temp folder; the zip
 * itself stays in the cache, so re-extracting after a temp clean-up needs no network.
 */
function installRoot(): string {
  const root = isRoot() ? join(tmpdir(), 'clickstream-elasticsearch') : join(downloadsDir(), 'elasticsearch');
  mkdirSync(root, { recursive: true, mode: 0o755 });
  return root;
}

async function downloadZip(log: ProgressLog): Promise<string> {
  const zipPath = join(downloadsDir(), ZIP_NAME);
  if (existsSync(zipPath) && (await sha1(zipPath)) === ZIP_SHA1) return zipPath;
  log(`elasticsearch: downloading ${ZIP_NAME} (~107 MB) from Maven Central (once; cached in ${downloadsDir()})`);
  const staging = join(downloadsDir(), `.staging-es-${globalThis.process.pid}`);
  try {
    await copyMavenArtifact(
      'elasticsearch',
      `org.elasticsearch.distribution.integ-test-zip:elasticsearch:${ELASTICSEARCH_VERSION}:zip`,
      staging,
    );
    const downloaded = join(staging, ZIP_NAME);
    const actual = await sha1(downloaded);
    if (actual !== ZIP_SHA1) {
      throw new ServiceInstallError('elasticsearch', `${ZIP_NAME} has SHA-1 ${actual}, expected ${ZIP_SHA1}`);
    }
    renameSync(downloaded, zipPath);
    return zipPath;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

async function extractHome(root: string, user: UserIds | undefined, log: ProgressLog): Promise<void> {
  const home = join(root, `elasticsearch-${ELASTICSEARCH_VERSION}`);
  const marker = join(home, '.extracted');
  if (existsSync(marker)) return;
  log(`elasticsearch: unpacking ${ZIP_NAME} into ${root}`);
  // Unpack beside the target and rename, so an interrupted unpack never looks complete.
  const staging = join(root, `.staging-${globalThis.process.pid}`);
  rmSync(staging, { recursive: true, force: true });
  rmSync(home, { recursive: true, force: true });
  const unzip = await runCommand('unzip', ['-q', join(downloadsDir(), ZIP_NAME), '-d', staging]);
  if (unzip.exitCode !== 0) {
    rmSync(staging, { recursive: true, force: true });
    throw new ServiceInstallError('elasticsearch', `unzip failed (Debian: apt-get install unzip):\n${lastLines(unzip.output, 10)}`);
  }
  renameSync(join(staging, `elasticsearch-${ELASTICSEARCH_VERSION}`), home);
  rmSync(staging, { recursive: true, force: true });
  if (user !== undefined) chownTree(home, user);
  cpSync(join(home, 'LICENSE.txt'), marker);
}

function chownTree(path: string, user: UserIds): void {
  chownSync(path, user.uid, user.gid);
  if (!statSync(path).isDirectory()) return;
  for (const entry of readdirSync(path)) chownTree(join(path, entry), user);
}

async function sha1(path: string): Promise<string> {
  const hash = createHash('sha1');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
