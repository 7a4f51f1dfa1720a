package com.clickstream.runner.jobtest;

import java.net.URI;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;

/** One embedded Flink cluster for every job test class in the JVM, as the test server has one. */
final class SharedCluster {
  private static URI restAddress;

  private SharedCluster() {}

  static synchronized URI restAddress() throws Exception {
    if (restAddress == null) {
      Configuration configuration = new Configuration();
      configuration.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
      configuration.set(RestOptions.ADDRESS, "127.0.0.1");
      configuration.set(RestOptions.BIND_PORT, "0");
      MiniCluster cluster = new MiniCluster(
          new MiniClusterConfiguration.Builder().setConfiguration(configuration).setNumTaskManagers(1).setNumSlotsPerTaskManager(4).build());
      cluster.start();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          cluster.close();
        } catch (Exception e) {
          // The JVM is ending anyway.
        }
      }));
      restAddress = cluster.getRestAddress().get();
    }
    return restAddress;
  }

  static JobTestRunner runner() throws Exception {
    URI rest = restAddress();
    return new JobTestRunner(rest.getHost(), rest.getPort());
  }
}
