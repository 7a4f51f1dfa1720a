package com.clickstream.runner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Entry point of the runner jar.
 *
 * <pre>
 *   java -jar flink-sql-runner.jar explain FILE.sql...   plan every script on Flink's planner, run nothing
 *   java -jar flink-sql-runner.jar run FILE.sql          run one script on an embedded Flink until stopped
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
    List<String> files = Arrays.asList(args).subList(1, args.length);
    int failed = args[0].equals("explain") ? explainAll(files) : run(files.get(0));
    System.exit(failed == 0 ? 0 : 1);
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

  private static int run(String file) {
    try {
      var result = new ScriptExecutor(file).execute(SqlScript.split(read(file)));
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
