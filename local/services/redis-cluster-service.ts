import { Redis } from 'ioredis';
import { freeLoopbackPort } from './free-port.js';
import { SECOND, type LocalService } from './local-service.js';
import { ManagedProcess } from '../../common/process/managed-process.js';
import { redisService } from './redis-service.js';

/** Masters of the local cluster; each holds a third of the 16384 hash slots. */
export const CLUSTER_MASTERS = 3;
const HASH_SLOTS = 16_384;

/**
 * A Redis Cluster of three masters on loopback, from Debian's redis-server: what ElastiCache
 * Serverless is (cluster mode: keys spread over hash slots on several shards, so one command over
 * keys of different slots is refused with CROSSSLOT, and a client must follow MOVED). The enricher's
 * and the runner's lookups are tested against it as well as against the standalone server.
 *
 * One shell process starts the three servers so one process group holds them; the readiness probe
 * assigns the slots (CLUSTER ADDSLOTSRANGE) and introduces the nodes (CLUSTER MEET) once, then
 * waits for `cluster_state:ok` on every node.
 */
export const redisClusterService: LocalService<'redis-cluster'> = {
  name: 'redis-cluster',

  install: (log) => redisService.install(log),

  async launch(context) {
    const ports: number[] = [];
    for (let index = 0; index < CLUSTER_MASTERS; index++) ports.push(await freeLoopbackPort());
    const server = (port: number) =>
      `redis-server --port ${String(port)} --bind 127.0.0.1 --save '' --appendonly no --dir '${context.instanceDir}' --cluster-enabled yes --cluster-config-file nodes-${String(port)}.conf --cluster-node-timeout 5000 &`;
    const process = ManagedProcess.start({
      name: 'redis-cluster',
      command: 'sh',
      args: ['-c', `${ports.map(server).join('\n')}\nwait`],
      logPath: context.logPath,
      cwd: context.instanceDir,
    });
    let formed = false;
    return {
      process,
      endpoint: { url: `redis://127.0.0.1:${String(ports[0])}`, nodes: ports.map((port) => ({ host: '127.0.0.1', port })) },
      probe: async () => {
        if (!formed) {
          await formCluster(ports);
          formed = true;
        }
        return clusterAnswers(ports);
      },
      readyTimeoutMs: 60 * SECOND,
    };
  },
};

async function withNode<T>(port: number, use: (node: Redis) => Promise<T>): Promise<T> {
  const node = new Redis({ host: '127.0.0.1', port, lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
  node.on('error', () => undefined);
  try {
    await node.connect();
    return await use(node);
  } finally {
    node.disconnect();
  }
}

/** Gives each node its range of slots and makes them meet; throws (the probe retries) while a node is not up yet. */
async function formCluster(ports: readonly number[]): Promise<void> {
  const share = Math.ceil(HASH_SLOTS / ports.length);
  for (const [index, port] of ports.entries()) {
    await withNode(port, async (node) => {
      const first = index * share;
      const last = Math.min(HASH_SLOTS, (index + 1) * share) - 1;
      await node.call('CLUSTER', 'ADDSLOTSRANGE', String(first), String(last));
      for (const other of ports) if (other !== port) await node.call('CLUSTER', 'MEET', '127.0.0.1', String(other));
    });
  }
}

/** Every node reports the cluster healthy (all slots served, nodes agree). */
export async function clusterAnswers(ports: readonly number[]): Promise<boolean> {
  const states = await Promise.all(ports.map((port) => withNode(port, async (node) => String(await node.call('CLUSTER', 'INFO')))));
  return states.every((info) => info.includes('cluster_state:ok'));
}
