package com.clickstream.runner;

import java.net.URI;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;

/**
 * One embedded Flink cluster (a MiniCluster in this JVM) that several scripts are submitted to, each
 * as its own Flink job with its own checkpoints, as each is its own application on Managed Flink.
 * One JVM and one cluster instead of one per job: on a 2-core machine a dozen jobs then share one
 * set of RPC, heartbeat and network threads, one JIT and one heap instead of paying for each.
 */
final class LocalCluster implements AutoCloseable {
  /** Network buffers for a dozen jobs' exchanges; the local default (64 MB) is sized for one job. */
  private static final MemorySize NETWORK_MEMORY = MemorySize.parse("256m");

  private final MiniCluster cluster;
  private final URI restAddress;

  private LocalCluster(MiniCluster cluster, URI restAddress) {
    this.cluster = cluster;
    this.restAddress = restAddress;
  }

  /** Starts a cluster with {@code slots} task slots and its REST endpoint on a free loopback port. */
  static LocalCluster start(int slots) throws Exception {
    Configuration configuration = new Configuration();
    configuration.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
    configuration.set(RestOptions.ADDRESS, "127.0.0.1");
    configuration.set(RestOptions.BIND_PORT, "0");
    configuration.set(TaskManagerOptions.NETWORK_MEMORY_MIN, NETWORK_MEMORY);
    configuration.set(TaskManagerOptions.NETWORK_MEMORY_MAX, NETWORK_MEMORY);
    MiniCluster cluster =
        new MiniCluster(new MiniClusterConfiguration.Builder().setConfiguration(configuration).setNumTaskManagers(1).setNumSlotsPerTaskManager(slots).build());
    cluster.start();
    return new LocalCluster(cluster, cluster.getRestAddress().get());
  }

  String host() {
    return restAddress.getHost();
  }

  int port() {
    return restAddress.getPort();
  }

  @Override
  public void close() throws Exception {
    cluster.close();
  }
}
