import { existsSync } from 'node:fs';
import { localAwsEndpoint, kinesisAnswers } from './aws-probe.js';
import { freeLoopbackPort } from './free-port.js';
import { installPatchedKinesisMock, patchedKinesisMockFolder, patchedKinesisMockMain } from './kinesis-mock-patch.js';
import { SECOND, type LocalService } from './local-service.js';
import { ManagedProcess } from './managed-process.js';
import { ServiceStartError } from './service-errors.js';
import { LOCAL_AWS_REGION } from './service-types.js';

/**
 * kinesis-mock (npm package `kinesis-local`): a Kinesis Data Streams API server that supports stream
 * ARNs, ListShards filters, CBOR and enhanced fan-out consumers, which the Flink connector and the
 * Lambda event-source runner use. Plain HTTP on one port; its TLS port is bound too, so it gets a
 * free port of its own. It runs from a copy with its quadratic PutRecords fixed (kinesis-mock-patch.ts).
 */

export const kinesisService: LocalService<'kinesis'> = {
  name: 'kinesis',

  async install(log) {
    // The package comes with `npm install`; the patched copy is made from it once per package file.
    if (await installPatchedKinesisMock()) log(`kinesis: patched kinesis-mock's PutRecords and GetRecords into ${patchedKinesisMockFolder()}`);
  },

  async launch(context) {
    const [plainPort, tlsPort] = await Promise.all([freeLoopbackPort(), freeLoopbackPort()]);
    const endpoint = localAwsEndpoint(`http://127.0.0.1:${plainPort}`);
    const main = patchedKinesisMockMain();
    if (!existsSync(main)) throw new ServiceStartError('kinesis', `${main} is missing: run \`npm run services -- install\``);
    const process = ManagedProcess.start({
      name: 'kinesis',
      command: globalThis.process.execPath,
      args: [main],
      logPath: context.logPath,
      // It loads its TLS certificate (server.json) from the working directory, where the copy keeps one.
      cwd: patchedKinesisMockFolder(),
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
