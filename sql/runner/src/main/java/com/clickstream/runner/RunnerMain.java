package com.clickstream.runner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import com.amazonaws.services.kinesisanalytics.runtime.KinesisAnalyticsRuntime;
import org.apache.flink.configuration.Configuration;
import java.util.Arrays;
import java.util.List;

/**
 * Entry point of the runner jar.
 *
 * <pre>
 *   java -jar flink-sql-runner.jar explain FILE.sql...   plan every script on Flink's planner, run nothing
 *   java -jar flink-sql-runner.jar run FILE.sql [--checkpoints DIR] [--checkpoint-interval MILLIS]
 *                                                         run one script on an embedded Flink until stopped;
 *                                                         with --checkpoints, resume from the newest checkpoint in DIR
 *   java -jar flink-sql-runner.jar [managed [--properties FILE]]
 *                                                         Managed Service for Apache Flink: read the script location from
 *                                                         the application's runtime properties (or FILE), submit it, return
 * </pre>
 *
 * Exit status 0 when everything succeeded, 1 when a script failed (the failing statement and
 * Flink's reason are printed), 2 for a usage error.
 */
public final class RunnerMain {
  private RunnerMain() {}

  public static void main(String[] args) {
    // Managed Flink starts the application's main class without arguments.
    if (args.length == 0 || args[0].equals("managed")) {
      System.exit(managed(Arrays.asList(args)));
    }
    if (args.length < 2 || !List.of("explain", "run").contains(args[0])) {
      System.err.println("usage: flink-sql-runner explain FILE.sql... | run FILE.sql [--checkpoints DIR] | managed [--properties FILE]");
      System.exit(2);
    }
    List<String> rest = Arrays.asList(args).subList(1, args.length);
    int failed = args[0].equals("explain") ? explainAll(rest) : run(rest);
    System.exit(failed == 0 ? 0 : 1);
  }

  private static String option(List<String> args, String name, String fallback) {
    int index = args.indexOf(name);
    return index >= 0 && index + 1 < args.size() ? args.get(index + 1) : fallback;
  }

  private static int explainAll(List<String> files) {
    int failed = 0;
    for (String file : files) {
      try {
        new ScriptExecutor(file).explain(SqlScript.split(read(file)));
        System.out.println("ok      " + file);
      } catch (ScriptFailure | IOException e) {
        failed++;
        System.out.println("FAILED  " + e.getMessage());
      }
    }
    System.out.printf("explain: %d passed, %d failed%n", files.size() - failed, failed);
    return failed;
  }

  private static int run(List<String> args) {
    String file = args.get(0);
    try {
      Configuration configuration = new Configuration();
      String checkpoints = option(args, "--checkpoints", null);
      if (checkpoints != null) {
        Path folder = Path.of(checkpoints);
        Checkpoints.configure(configuration, folder, Duration.ofMillis(Long.parseLong(option(args, "--checkpoint-interval", "10000"))));
        Optional<Path> latest = Checkpoints.latest(folder);
        if (latest.isPresent()) {
          configuration.setString("execution.savepoint.path", latest.get().toUri().toString());
          System.out.println("restoring from checkpoint " + latest.get());
        } else {
          System.out.println("no checkpoint in " + folder + ": starting fresh");
        }
      }
      var result = new ScriptExecutor(file, configuration).execute(SqlScript.split(read(file)));
      String jobId = result.getJobClient().map(client -> client.getJobID().toString()).orElse("unknown");
      System.out.println("running " + file + " as Flink job " + jobId);
      result.await();
      return 0;
    } catch (ScriptFailure e) {
      System.err.println(e.getMessage());
      return 1;
    } catch (Exception e) {
      System.err.println(file + ": " + e);
      return 1;
    }
  }

  private static int managed(List<String> args) {
    try {
      String propertiesFile = option(args, "--properties", null);
      Map<String, Properties> groups =
          propertiesFile == null ? KinesisAnalyticsRuntime.getApplicationProperties() : KinesisAnalyticsRuntime.getApplicationProperties(propertiesFile);
      ManagedFlinkSettings settings = ManagedFlinkSettings.from(groups);
      org.apache.flink.core.fs.Path script = new org.apache.flink.core.fs.Path(settings.scriptPath());
      String sql;
      try (var in = script.getFileSystem().open(script)) {
        sql = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      }
      var result = new ScriptExecutor(settings.scriptPath()).execute(SqlScript.split(sql));
      System.out.println("submitted " + settings.scriptPath() + " as Flink job " + result.getJobClient().map(client -> client.getJobID().toString()).orElse("unknown"));
      return 0;
    } catch (ScriptFailure | IllegalArgumentException e) {
      System.err.println(e.getMessage());
      return 1;
    } catch (IOException e) {
      System.err.println("could not read the runtime properties or the script: " + e.getMessage());
      return 1;
    }
  }

  private static String read(String file) throws IOException {
    return Files.readString(Path.of(file));
  }
}
