import { createRequire } from 'node:module';
import { localAwsEndpoint, kinesisAnswers } from './aws-probe.js';
import { freeLoopbackPort } from './free-port.js';
import { SECOND, type LocalService } from './local-service.js';
import { ManagedProcess } from '../../common/process/managed-process.js';
import { ServiceStartError } from './service-errors.js';

/** The kinesalite package's entry, or a start error that says how to get it. */
function kinesaliteModule(): string {
  try {
    return createRequire(import.meta.url).resolve('kinesalite');
  } catch {
    throw new ServiceStartError('kinesis', 'the npm package kinesalite is missing: run `npm install`');
  }
}

/**
 * kinesalite: a Kinesis Data Streams API server (in memory, plain HTTP) that the producer, the Flink
 * connector's polling source and sink, and the Lambda event-source runner all talk to. Chosen over
 * kinesis-mock for cost: on this project's traffic it spends about a fifth of kinesis-mock's CPU per
 * request and an eighth per record read (README, "Local services"), which decides whether a dozen
 * Flink jobs polling one stream keep up on 2 cores. It has no enhanced fan-out and no stream ARNs;
 * nothing local uses them (polling works everywhere; EFO is for AWS). Its CBOR answers trip the AWS
 * Java SDK's parser, so the Flink runner speaks JSON to it (RunnerMain).
 */
export const kinesisService: LocalService<'kinesis'> = {
  name: 'kinesis',

  // The package comes with `npm install`.
  install: () => Promise.resolve(),

  async launch(context) {
    const port = await freeLoopbackPort();
    const endpoint = localAwsEndpoint(`http://127.0.0.1:${port}`);
    const options = {
      // Streams are ACTIVE at once (AWS takes seconds; kinesalite's default is 500 ms per change).
      createStreamMs: 0,
      deleteStreamMs: 0,
      updateStreamMs: 0,
      // AWS's default account limit (500 shards in most regions) is far below what a test run creates.
      shardLimit: 100_000,
    };
    // Its CLI listens on every interface; the server it builds is bound to loopback here instead.
    const server = `require(${JSON.stringify(kinesaliteModule())})(${JSON.stringify(options)}).listen(${String(port)}, '127.0.0.1')`;
    const process = ManagedProcess.start({
      name: 'kinesis',
      command: globalThis.process.execPath,
      args: ['-e', server],
      logPath: context.logPath,
      cwd: context.instanceDir,
    });
    return { process, endpoint, probe: () => kinesisAnswers(endpoint), readyTimeoutMs: 60 * SECOND };
  },
};
