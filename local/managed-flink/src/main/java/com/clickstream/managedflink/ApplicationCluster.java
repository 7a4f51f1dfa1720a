package com.clickstream.managedflink;

import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.client.deployment.application.ApplicationClusterEntryPoint;
import org.apache.flink.client.program.PackagedProgram;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.plugin.PluginManager;
import org.apache.flink.core.plugin.PluginUtils;
import org.apache.flink.runtime.clusterframework.ApplicationStatus;
import org.apache.flink.runtime.resourcemanager.StandaloneResourceManagerFactory;
import org.apache.flink.runtime.taskexecutor.TaskExecutorResourceUtils;
import org.apache.flink.runtime.taskexecutor.TaskManagerRunner;

/**
 * An application-mode Flink cluster in one JVM: a JobManager whose dispatcher runs the application
 * jar's main class (from its manifest, with no arguments, in a child-first user-code class loader
 * over the Flink classes of this jar), and one TaskManager. This is how Managed Service for Apache
 * Flink runs an application, so a jar that works here has passed the checks a local {@code java -jar}
 * run skips: Flink provided rather than bundled, {@code main} inside the JobManager, runtime properties
 * read from where the service puts them (the caller arranges /etc/flink), a failing {@code main}
 * failing the application, and {@code System.exit} refused ({@code cluster.intercept-user-system-exit}).
 *
 * <pre>
 *   java -jar managed-flink-cluster.jar --jar APP.jar --rpc-port N --rest-port N [--slots N] [-Dkey=value]...
 * </pre>
 *
 * Exits as Flink's application entry point does: 0 when the application succeeded, 2 (Flink's
 * runtime failure code, the entry point's fatal error) when its main failed, the
 * {@link ApplicationStatus} exit code when its jobs ended otherwise, 64 for a usage error.
 */
public final class ApplicationCluster extends ApplicationClusterEntryPoint {
  private static final int USAGE = 64;

  private ApplicationCluster(Configuration configuration, PackagedProgram program) {
    super(configuration, program, StandaloneResourceManagerFactory.getInstance());
  }

  public static void main(String[] args) throws Exception {
    Options options;
    try {
      options = Options.parse(Arrays.asList(args));
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println("usage: managed-flink-cluster --jar APP.jar --rpc-port N --rest-port N [--slots N] [-Dkey=value]...");
      System.exit(USAGE);
      return;
    }
    Configuration configuration = configuration(options);
    PluginManager plugins = PluginUtils.createPluginManagerFromRootFolder(configuration);
    FileSystem.initialize(configuration, plugins);
    // Managed Flink gives the application no arguments; its main class is the jar's Main-Class.
    PackagedProgram program = PackagedProgram.newBuilder().setJarFile(options.jar).setConfiguration(configuration).build();
    configureExecution(configuration, program);

    ApplicationCluster jobManager = new ApplicationCluster(configuration, program);
    jobManager.startCluster();
    // In one JVM the TaskManager's memory is what this process has, as in Flink's MiniCluster.
    Configuration taskManagerConfiguration = TaskExecutorResourceUtils.adjustForLocalExecution(new Configuration(configuration));
    TaskManagerRunner taskManager = new TaskManagerRunner(taskManagerConfiguration, plugins, TaskManagerRunner::createTaskExecutorService);
    taskManager.start();
    LOG.info("application cluster: JobManager REST on 127.0.0.1:{}, running {}", options.restPort, options.jar);

    ApplicationStatus status = jobManager.getTerminationFuture().get();
    LOG.info("application cluster: the application ended {}", status);
    taskManager.close();
    System.exit(status.processExitCode());
  }

  private static Configuration configuration(Options options) {
    Configuration configuration = new Configuration();
    configuration.setString("jobmanager.rpc.address", "127.0.0.1");
    configuration.setString("jobmanager.rpc.port", String.valueOf(options.rpcPort));
    configuration.setString("jobmanager.bind-host", "127.0.0.1");
    configuration.setString("taskmanager.host", "127.0.0.1");
    configuration.setString("taskmanager.bind-host", "127.0.0.1");
    configuration.setString("rest.address", "127.0.0.1");
    configuration.setString("rest.bind-address", "127.0.0.1");
    configuration.setString("rest.port", String.valueOf(options.restPort));
    configuration.setString("taskmanager.numberOfTaskSlots", String.valueOf(options.slots));
    // Sized for a test machine, not for a KPU: the memory model needs explicit sizes in one JVM.
    configuration.setString("taskmanager.memory.managed.size", "64m");
    configuration.setString("taskmanager.memory.network.min", "64m");
    configuration.setString("taskmanager.memory.network.max", "64m");
    // A user main that calls System.exit would end the JobManager; make it an error instead.
    configuration.setString("cluster.intercept-user-system-exit", "THROW");
    for (String[] setting : options.settings) configuration.setString(setting[0], setting[1]);
    return configuration;
  }

  /** Command-line options; a missing or malformed one is an IllegalArgumentException naming it. */
  private static final class Options {
    File jar;
    int rpcPort = -1;
    int restPort = -1;
    int slots = 2;
    final List<String[]> settings = new ArrayList<>();

    static Options parse(List<String> args) {
      Options options = new Options();
      for (int i = 0; i < args.size(); i++) {
        String arg = args.get(i);
        if (arg.startsWith("-D") && arg.contains("=")) {
          int equals = arg.indexOf('=');
          options.settings.add(new String[] {arg.substring(2, equals), arg.substring(equals + 1)});
          continue;
        }
        if (i + 1 >= args.size()) throw new IllegalArgumentException(arg + " needs a value");
        String value = args.get(++i);
        switch (arg) {
          case "--jar":
            options.jar = new File(value);
            break;
          case "--rpc-port":
            options.rpcPort = port(arg, value);
            break;
          case "--rest-port":
            options.restPort = port(arg, value);
            break;
          case "--slots":
            options.slots = port(arg, value);
            break;
          default:
            throw new IllegalArgumentException("unknown option " + arg);
        }
      }
      if (options.jar == null || !options.jar.isFile()) throw new IllegalArgumentException("--jar must name an application jar that exists, got " + options.jar);
      if (options.rpcPort < 1 || options.restPort < 1) throw new IllegalArgumentException("--rpc-port and --rest-port are required");
      return options;
    }

    private static int port(String flag, String value) {
      try {
        return Integer.parseInt(value);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(flag + " must be a number, got '" + value + "'");
      }
    }
  }
}
