package com.clickstream.runner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
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
 * </pre>
 *
 * Exit status 0 when everything succeeded, 1 when a script failed (the failing statement and
 * Flink's reason are printed), 2 for a usage error.
 */
public final class RunnerMain {
  private RunnerMain() {}

  public static void main(String[] args) {
    if (args.length < 2 || !List.of("explain", "run").contains(args[0])) {
      System.err.println("usage: flink-sql-runner explain FILE.sql... | run FILE.sql");
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

  private static String read(String file) throws IOException {
    return Files.readString(Path.of(file));
  }
}
