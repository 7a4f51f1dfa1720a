/**
 * npm run services -- up [--only a,b] [--foreground] | down | status | install
 *
 * `up` starts the real local services in the background and records them, so tests and tools reuse
 * them between runs; `down` stops them. `--foreground` keeps them tied to this terminal until Ctrl-C.
 * `install` only downloads and installs (CI runs it before the tests to separate download time), and
 * installs cfn-lint, which the tests and `npm run synth` run on the CDK app's templates.
 */
import { installCfnLint } from '../infra/tools/cfn-lint.js';
import { parseArgs } from 'node:util';
import { aliveInstances, readDaemonState, stopDaemon, writeDaemonState } from './services/daemon-state.js';
import { describeEndpoints } from './services/endpoint-report.js';
import { runCli, untilInterrupted } from '../common/cli-runner.js';
import { startLocalServices } from './services/local-process-backend.js';
import { ServiceError } from './services/service-errors.js';
import { LOCAL_SERVICES } from './services/service-registry.js';
import { isServiceName, SERVICE_NAMES, type ServiceName } from './services/service-types.js';

const USAGE = 'usage: npm run services -- up [--only elasticsearch,kinesis,dynamodb,redis,redis-cluster,sqs,s3,secretsmanager] [--foreground] | down | status | install';

runCli(async () => {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { only: { type: 'string' }, foreground: { type: 'boolean', default: false } },
  });
  const command = positionals[0];
  const services = selectServices(values.only);
  switch (command) {
    case 'up':
      return values.foreground ? upInForeground(services) : up(services);
    case 'down':
      return down();
    case 'status':
      status();
      return;
    case 'install':
      return install(services);
    default:
      throw new ServiceError(USAGE);
  }
});

function selectServices(only: string | undefined): ServiceName[] {
  if (only === undefined) return [...SERVICE_NAMES];
  const names = only.split(',').map((name) => name.trim());
  const unknown = names.filter((name) => !isServiceName(name));
  if (unknown.length > 0) throw new ServiceError(`unknown service(s) in --only: ${unknown.join(', ')} (known: ${SERVICE_NAMES.join(', ')})`);
  return names.filter(isServiceName);
}

async function up(services: ServiceName[]): Promise<void> {
  const existing = readDaemonState();
  if (existing !== undefined && aliveInstances(existing).length > 0) {
    console.log('Services are already running (stop them with `npm run services -- down`):');
    status();
    return;
  }
  await stopDaemon(); // forget a dead record
  const running = await startLocalServices({ services, log: progress, lifetime: 'detached' });
  writeDaemonState({ startedAt: new Date().toISOString(), endpoints: running.endpoints, instances: running.instances });
  console.log('\nServices are running in the background:');
  for (const line of describeEndpoints(running.endpoints)) console.log(line);
  console.log('\nStop them with `npm run services -- down`.');
}

async function upInForeground(services: ServiceName[]): Promise<void> {
  const running = await startLocalServices({ services, log: progress, lifetime: 'owned' });
  console.log('\nServices are running (Ctrl-C stops them):');
  for (const line of describeEndpoints(running.endpoints)) console.log(line);
  // Machine-readable line for scripts and tests that drive this command.
  console.log(`services-pids ${running.instances.map((instance) => `${instance.name}=${instance.pid}`).join(' ')}`);
  const signal = await untilInterrupted();
  progress(`${signal}: stopping services`);
  await running.stop();
  progress('stopped');
}

async function down(): Promise<void> {
  const stopped = await stopDaemon();
  console.log(stopped.length === 0 ? 'No services were running.' : `Stopped: ${stopped.join(', ')}.`);
}

function status(): void {
  const state = readDaemonState();
  if (state === undefined) {
    console.log('No services started with `npm run services -- up`.');
    return;
  }
  const alive = new Set(aliveInstances(state).map((instance) => instance.pid));
  console.log(`Started ${state.startedAt}:`);
  for (const line of describeEndpoints(state.endpoints)) console.log(line);
  for (const instance of state.instances) {
    console.log(`  ${instance.name.padEnd(14)}pid ${instance.pid} ${alive.has(instance.pid) ? 'running' : 'NOT RUNNING'} (log: ${instance.logPath})`);
  }
}

async function install(services: ServiceName[]): Promise<void> {
  for (const name of services) {
    const started = Date.now();
    await LOCAL_SERVICES[name].install(progress);
    progress(`${name} installed (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  }
  // Not a service, but a download the tests need too: AWS's CloudFormation linter (npm test, npm run synth).
  await installCfnLint(progress);
}

function progress(line: string): void {
  console.log(`[services] ${line}`);
}
