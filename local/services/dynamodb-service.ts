import { join } from 'node:path';
import { dynamodbAnswers, localAwsEndpoint } from './aws-probe.js';
import { downloadsDir } from '../../common/repo-paths.js';
import { freeLoopbackPort } from './free-port.js';
import { findJavaHome } from './java-runtime.js';
import { SECOND, type LocalService } from './local-service.js';
import { ManagedProcess } from '../../common/process/managed-process.js';
import { installMavenDistribution } from './maven-fetch.js';

/**
 * DynamoDB Local from Maven Central. 3.1.0 rather than the newest 3.3.1: the 3.3.1 POM depends on
 * AWS SDK 2.48.3 modules (cognitoidentity, pinpoint, ...) that were never published to Maven Central,
 * so it cannot be resolved from there.
 */
export const DYNAMODB_LOCAL_VERSION = '3.1.0';
const MAIN_CLASS = 'software.amazon.dynamodb.services.local.main.ServerRunner';

function libDir(): string {
  return join(downloadsDir(), `dynamodb-local-${DYNAMODB_LOCAL_VERSION}`);
}

export const dynamodbService: LocalService<'dynamodb'> = {
  name: 'dynamodb',

  async install(log) {
    await installMavenDistribution('dynamodb', 'dynamodb-local.pom.xml', { 'dynamodb.local.version': DYNAMODB_LOCAL_VERSION }, libDir(), () => {
      log(`dynamodb: downloading DynamoDB Local ${DYNAMODB_LOCAL_VERSION} and its dependencies (~50 MB) from Maven Central (once)`);
    });
  },

  async launch(context) {
    const [port, javaHome] = await Promise.all([freeLoopbackPort(), findJavaHome('dynamodb')]);
    const endpoint = localAwsEndpoint(`http://127.0.0.1:${port}`);
    const process = ManagedProcess.start({
      name: 'dynamodb',
      command: join(javaHome, 'bin/java'),
      args: [
        // In memory, every run's tables live in this heap: at 256 MB `npm run bench`'s fifth pipeline run
        // (36,000 predictions after 52,000 in earlier tables) failed with OutOfMemoryError.
        `-Xmx${dynamodbHeap()}`,
        // sqlite4java unpacks a copy of its native library into the temp folder on every start and
        // never deletes it; the instance folder is removed when the service stops.
        `-Djava.io.tmpdir=${context.instanceDir}`,
        // sqlite4java finds its versioned native library (libsqlite4java-linux-amd64-1.0.392.so) here.
        `-Dsqlite4java.library.path=${libDir()}`,
        '-cp',
        join(libDir(), '*'),
        MAIN_CLASS,
        '-inMemory',
        // One database whatever the access key and region, so every client sees the same tables.
        '-sharedDb',
        '-disableTelemetry',
        '-port',
        String(port),
      ],
      logPath: context.logPath,
      cwd: context.instanceDir,
    });
    return { process, endpoint, probe: () => dynamodbAnswers(endpoint), readyTimeoutMs: 60 * SECOND };
  },
};

/** DynamoDB Local's heap (`CLICKSTREAM_DYNAMODB_HEAP`, default 1g). */
function dynamodbHeap(): string {
  return globalThis.process.env.CLICKSTREAM_DYNAMODB_HEAP ?? '1g';
}
