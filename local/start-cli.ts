/**
 * npm start. The whole pipeline (producer, Flink jobs, enricher, model server, report) is not built
 * yet (issue 9); until it is, this starts the real local services and prints their endpoints, and
 * says so plainly.
 */
import { describeEndpoints } from './services/endpoint-report.js';
import { progress, runCli, untilInterrupted } from './services/cli-support.js';
import { startServices } from './services/service-manager.js';
import { SERVICE_NAMES } from './services/service-types.js';

runCli(async () => {
  console.log('npm start: the end-to-end pipeline is not built yet; starting the local services it will use.\n');
  const running = await startServices({ services: SERVICE_NAMES, log: progress });
  console.log('\nServices are running (Ctrl-C stops them):');
  for (const line of describeEndpoints(running.endpoints)) console.log(line);
  const signal = await untilInterrupted();
  progress(`${signal}: stopping services`);
  await running.stop();
  progress('stopped');
});
