import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { localAwsEndpoint, sqsAnswers } from './aws-probe.js';
import { downloadsDir } from '../../common/repo-paths.js';
import { freeLoopbackPort } from './free-port.js';
import { findJavaHome } from './java-runtime.js';
import { SECOND, type LocalService } from './local-service.js';
import { ManagedProcess } from '../../common/process/managed-process.js';
import { installMavenDistribution } from './maven-fetch.js';
import { LOCAL_AWS_REGION } from './service-types.js';

/**
 * SQS through ElasticMQ, an SQS-compatible queue server (AWS JSON and query protocols) from Maven
 * Central: the dead-letter queue of the producer and the on-failure destination of the enricher's
 * event-source runner, as SQS is in AWS. In memory; `strict` limits, like SQS.
 */
export const ELASTICMQ_VERSION = '1.6.11';
const MAIN_CLASS = 'org.elasticmq.server.Main';

function libDir(): string {
  return join(downloadsDir(), `elasticmq-${ELASTICMQ_VERSION}`);
}

/** Its configuration (HOCON): the SQS API on one loopback port, queue URLs naming that port. */
function configuration(port: number): string {
  return `include classpath("application.conf")
node-address { protocol = "http", host = "127.0.0.1", port = ${port}, context-path = "" }
rest-sqs { enabled = true, bind-port = ${port}, bind-hostname = "127.0.0.1", sqs-limits = strict }
rest-stats { enabled = false }
aws { region = "${LOCAL_AWS_REGION}", accountId = "000000000000" }
`;
}

export const sqsService: LocalService<'sqs'> = {
  name: 'sqs',

  async install(log) {
    await installMavenDistribution('sqs', 'elasticmq.pom.xml', { 'elasticmq.version': ELASTICMQ_VERSION }, libDir(), () => {
      log(`sqs: downloading ElasticMQ ${ELASTICMQ_VERSION} and its dependencies (~40 MB) from Maven Central (once)`);
    });
  },

  async launch(context) {
    const [port, javaHome] = await Promise.all([freeLoopbackPort(), findJavaHome('sqs')]);
    const configFile = join(context.instanceDir, 'elasticmq.conf');
    writeFileSync(configFile, configuration(port));
    const endpoint = localAwsEndpoint(`http://127.0.0.1:${port}`);
    const process = ManagedProcess.start({
      name: 'sqs',
      command: join(javaHome, 'bin/java'),
      args: ['-Xmx192m', `-Dconfig.file=${configFile}`, '-cp', join(libDir(), '*'), MAIN_CLASS],
      logPath: context.logPath,
      cwd: context.instanceDir,
    });
    return { process, endpoint, probe: () => sqsAnswers(endpoint), readyTimeoutMs: 60 * SECOND };
  },
};
