import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { localAwsEndpoint, kinesisAnswers } from './aws-probe.js';
import { freeLoopbackPort } from './free-port.js';
import { SECOND, type LocalService } from './local-service.js';
import { ManagedProcess } from './managed-process.js';
import { LOCAL_AWS_REGION } from './service-types.js';

/**
 * kinesis-mock (npm package `kinesis-local`): a Kinesis Data Streams API server that supports stream
 * ARNs, ListShards filters, CBOR and enhanced fan-out consumers, which the Flink connector and the
 * Lambda event-source runner use. Plain HTTP on one port; its TLS port is bound too, so it gets a
 * free port of its own.
 */
const KINESIS_MOCK_MAIN = createRequire(import.meta.url).resolve('kinesis-local/main.js');

export const kinesisService: LocalService<'kinesis'> = {
  name: 'kinesis',

  async install() {
    // Comes with `npm install`; resolving KINESIS_MOCK_MAIN at import time already proved it is there.
  },

  async launch(context) {
    const [plainPort, tlsPort] = await Promise.all([freeLoopbackPort(), freeLoopbackPort()]);
    const endpoint = localAwsEndpoint(`http://127.0.0.1:${plainPort}`);
    const process = ManagedProcess.start({
      name: 'kinesis',
      command: globalThis.process.execPath,
      args: [KINESIS_MOCK_MAIN],
      logPath: context.logPath,
      // It loads its TLS certificate (server.json) from the working directory: its own package folder.
      cwd: dirname(KINESIS_MOCK_MAIN),
      env: {
        PATH: globalThis.process.env.PATH,
        KINESIS_MOCK_PLAIN_PORT: String(plainPort),
        KINESIS_MOCK_TLS_PORT: String(tlsPort),
        AWS_REGION: LOCAL_AWS_REGION,
        LOG_LEVEL: 'WARN',
        // AWS's default account limits (50 shards, 10 on-demand streams) are far below what a test
        // run creates: every test makes its own streams.
        SHARD_LIMIT: '100000',
        ON_DEMAND_STREAM_COUNT_LIMIT: '10000',
        // Its only writes would be persistence, which stays off; point it at the instance anyway.
        PERSIST_PATH: context.instanceDir,
      },
    });
    return { process, endpoint, probe: () => kinesisAnswers(endpoint), readyTimeoutMs: 60 * SECOND };
  },
};
