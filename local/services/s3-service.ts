import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { localAwsEndpoint, s3Answers } from './aws-probe.js';
import { downloadsDir } from '../../common/repo-paths.js';
import { freeLoopbackPort } from './free-port.js';
import { findJavaHome } from './java-runtime.js';
import { SECOND, type LocalService } from './local-service.js';
import { ManagedProcess } from '../../common/process/managed-process.js';
import { copyMavenArtifact } from './maven-fetch.js';
import { LOCAL_AWS_CREDENTIALS } from './service-types.js';
import { fillFolderInPlace } from './staged-folder.js';

/**
 * S3 through S3Proxy, an S3 API server (SigV2/SigV4, multipart, the SDK's checksums) from Maven
 * Central: where dead letters too large for a queue message keep their payload, as an S3 bucket does
 * in AWS. Its one-file distribution; objects are files in the instance folder (jclouds'
 * `filesystem-nio2` store), removed when the service stops.
 */
export const S3PROXY_VERSION = '4.1.0';

function jarPath(): string {
  return join(downloadsDir(), `s3proxy-${S3PROXY_VERSION}`, `s3proxy-${S3PROXY_VERSION}-jar-with-dependencies.jar`);
}

function configuration(port: number, dataDir: string): string {
  return [
    `s3proxy.endpoint=http://127.0.0.1:${port}`,
    // Signed requests with the emulators' fixed credentials, as the SDK sends them.
    's3proxy.authorization=aws-v2-or-v4',
    `s3proxy.identity=${LOCAL_AWS_CREDENTIALS.accessKeyId}`,
    `s3proxy.credential=${LOCAL_AWS_CREDENTIALS.secretAccessKey}`,
    'jclouds.provider=filesystem-nio2',
    `jclouds.filesystem.basedir=${dataDir}`,
    '',
  ].join('\n');
}

export const s3Service: LocalService<'s3'> = {
  name: 's3',

  async install(log) {
    if (existsSync(jarPath())) return;
    log(`s3: downloading S3Proxy ${S3PROXY_VERSION} (~55 MB, one jar) from Maven Central (once)`);
    await fillFolderInPlace(dirname(jarPath()), (staging) => copyMavenArtifact('s3', `org.gaul:s3proxy:${S3PROXY_VERSION}:jar:jar-with-dependencies`, staging));
  },

  async launch(context) {
    const [port, javaHome] = await Promise.all([freeLoopbackPort(), findJavaHome('s3')]);
    const dataDir = join(context.instanceDir, 'buckets');
    mkdirSync(dataDir, { recursive: true });
    const configFile = join(context.instanceDir, 's3proxy.conf');
    writeFileSync(configFile, configuration(port, dataDir));
    const endpoint = localAwsEndpoint(`http://127.0.0.1:${port}`);
    const server = ManagedProcess.start({
      name: 's3',
      command: join(javaHome, 'bin/java'),
      args: ['-Xmx192m', '-jar', jarPath(), '--properties', configFile],
      logPath: context.logPath,
      cwd: context.instanceDir,
    });
    return { process: server, endpoint, probe: () => s3Answers(endpoint), readyTimeoutMs: 60 * SECOND };
  },
};
