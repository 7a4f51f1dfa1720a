package com.clickstream.runner;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import com.amazonaws.services.kinesisanalytics.runtime.KinesisAnalyticsRuntime;
import com.clickstream.runner.jobtest.JobTestServer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.kinesis.shaded.com.amazonaws.SDKGlobalConfiguration;
import org.apache.flink.kinesis.shaded.software.amazon.awssdk.core.SdkSystemSetting;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;

/**
 * Entry point of the runner jar.
 *
 * <pre>
 *   java -jar flink-sql-runner.jar explain FILE.sql...   plan every script on Flink's planner, run nothing
 *   java -jar flink-sql-runner.jar run FILE.sql... [--checkpoints DIR] [--checkpoint-interval MILLIS] [--parallelism N]
 *                                                         run the scripts on one embedded Flink cluster until stopped, each
 *                                                         as its own job; with --checkpoints, each checkpoints into
 *                                                         DIR/<file name without .sql> and resumes from the newest one there
 *   java -jar flink-sql-runner.jar test-server           the job test kit's server: one embedded Flink cluster and an HTTP
 *                                                         server on a free loopback port, announced on stdout as
 *                                                         "test-server ready on port PORT"; POST /run {"script": "/abs/job.sql"}
 *                                                         runs that script (its tables on job-test-source / job-test-sink)
 *                                                         and answers when its job has ended; exits when stdin ends
 *   java -jar flink-sql-runner.jar [managed [--properties FILE]]
 *                                                         Managed Service for Apache Flink: read the script location from
 *                                                         the application's runtime properties (or FILE), submit it, return
 * </pre>
 *
 * {@code explain} and {@code run} exit 0 when everything succeeded, 1 when a script failed (the
 * failing statement and Flink's reason are printed), 2 for a usage error. {@code test-server} exits 0
 * when its stdin ends, 1 if it could not start. {@code managed} never
 * exits the JVM: it returns once the job is submitted, or throws {@link ManagedStartFailure}.
 */
public final class RunnerMain {
  private RunnerMain() {}

  public static void main(String[] args) {
    // Managed Flink starts the application's main class without arguments, inside its JobManager.
    if (args.length == 0 || args[0].equals("managed")) {
      managed(Arrays.asList(args));
      return;
    }
    if (args.length == 1 && args[0].equals("test-server")) {
      System.exit(testServer());
    }
    if (args.length < 2 || !List.of("explain", "run").contains(args[0])) {
      System.err.println("usage: flink-sql-runner explain FILE.sql... | run FILE.sql... [--checkpoints DIR] [--checkpoint-interval MILLIS] [--parallelism N] | test-server | managed [--properties FILE]");
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

  /**
   * {@code run} is for local Kinesis API servers. The connector's AWS SDKs (v1 in the source, v2 in
   * the sink) speak CBOR by default, and kinesalite's CBOR answers fail their parsers ("Unexpected
   * end-of-input in Object value"); JSON works against every Kinesis API, AWS's included.
   */
  private static void speakJsonToKinesis() {
    System.setProperty(SDKGlobalConfiguration.AWS_CBOR_DISABLE_SYSTEM_PROPERTY, "true");
    System.setProperty(SdkSystemSetting.CBOR_ENABLED.property(), "false");
  }

  /**
   * With checkpoints on, Flink restarts a failing job forever, so a job that cannot work (a missing
   * stream, say) would loop in the log while the run waits for its rows. Locally a job that fails
   * more than 3 times a minute fails the run instead, naming its script.
   */
  private static void failPersistentFailures(Configuration configuration) {
    configuration.setString("restart-strategy.type", "failure-rate");
    configuration.setString("restart-strategy.failure-rate.max-failures-per-interval", "3");
    configuration.setString("restart-strategy.failure-rate.failure-rate-interval", "1 min");
    configuration.setString("restart-strategy.failure-rate.delay", "1 s");
  }

  private static int run(List<String> args) {
    speakJsonToKinesis();
    List<String> files = args.stream().takeWhile(arg -> !arg.startsWith("--")).collect(Collectors.toList());
    if (files.isEmpty()) {
      System.err.println("run: name at least one script before the options");
      return 1;
    }
    if (files.stream().map(RunnerMain::jobName).distinct().count() < files.size()) {
      System.err.println("run: two scripts have the same file name, so they would share a checkpoint folder: " + String.join(", ", files));
      return 1;
    }
    String checkpoints = option(args, "--checkpoints", null);
    Duration interval = Duration.ofMillis(Long.parseLong(option(args, "--checkpoint-interval", "10000")));
    // Flink's local environment runs a job on every core; --parallelism 1 suits many jobs on few cores.
    int parallelism = Integer.parseInt(option(args, "--parallelism", String.valueOf(Runtime.getRuntime().availableProcessors())));
    try (LocalCluster cluster = LocalCluster.start(files.size() * parallelism)) {
      List<RunningScript> running = new ArrayList<>();
      for (String file : files) {
        Configuration configuration = new Configuration();
        configuration.setString("parallelism.default", String.valueOf(parallelism));
        failPersistentFailures(configuration);
        if (checkpoints != null) restoreSettings(configuration, file, Path.of(checkpoints).resolve(jobName(file)), interval);
        StreamExecutionEnvironment environment = StreamExecutionEnvironment.createRemoteEnvironment(cluster.host(), cluster.port(), configuration);
        TableEnvironment tableEnv = StreamTableEnvironment.create(environment, EnvironmentSettings.newInstance().inStreamingMode().withConfiguration(configuration).build());
        var result = new ScriptExecutor(file, tableEnv).execute(SqlScript.split(read(file)));
        JobClient job = result.getJobClient().orElseThrow(() -> new IllegalStateException(file + ": Flink returned no job for the statement set"));
        System.out.println("running " + file + " as Flink job " + job.getJobID());
        running.add(new RunningScript(file, job));
      }
      return awaitAll(running);
    } catch (ScriptFailure e) {
      System.err.println(e.getMessage());
      return 1;
    } catch (Exception e) {
      System.err.println(String.join(", ", files) + ": " + e);
      return 1;
    }
  }

  /**
   * Task slots of the test server's cluster: a test job runs with parallelism 1 and, all its
   * operators sharing one slot, takes one; 8 lets the server's 4 request threads each run a job with
   * room to spare (more would only split the cluster's memory finer).
   */
  private static final int TEST_SERVER_SLOTS = 8;

  /**
   * {@code test-server}: serves test jobs until stdin ends, which is when the process that started
   * it (the test run, holding the other end of the pipe) exits or closes it, so the server never
   * outlives it. Stdin is read on a daemon thread, which never holds the JVM up; the main thread
   * waits for its end, then closes the HTTP server and the cluster (cancelling any job still
   * running) and exits.
   */
  private static int testServer() {
    CountDownLatch stdinEnded = new CountDownLatch(1);
    try (LocalCluster cluster = LocalCluster.start(TEST_SERVER_SLOTS); JobTestServer server = JobTestServer.start(cluster.host(), cluster.port())) {
      Thread stdin = new Thread(() -> {
        byte[] ignored = new byte[4096];
        try {
          while (System.in.read(ignored) >= 0) {
            // What comes in means nothing: only its end matters.
          }
        } catch (IOException e) {
          // A broken stdin is an ended one.
        }
        stdinEnded.countDown();
      }, "test-server-stdin");
      stdin.setDaemon(true);
      stdin.start();
      System.out.println("test-server ready on port " + server.port());
      System.out.flush();
      stdinEnded.await();
      return 0;
    } catch (Exception e) {
      System.err.println("test-server: " + e);
      return 1;
    }
  }

  /** The script's file name without {@code .sql}: its checkpoint folder's name under --checkpoints. */
  static String jobName(String file) {
    String name = Path.of(file).getFileName().toString();
    return name.endsWith(".sql") ? name.substring(0, name.length() - ".sql".length()) : name;
  }

  private static void restoreSettings(Configuration configuration, String file, Path folder, Duration interval) throws IOException {
    Checkpoints.configure(configuration, folder, interval);
    Optional<Path> latest = Checkpoints.latest(folder);
    if (latest.isPresent()) {
      configuration.setString("execution.savepoint.path", latest.get().toUri().toString());
      System.out.println("restoring " + file + " from checkpoint " + latest.get());
    } else {
      System.out.println("no checkpoint of " + file + " in " + folder + ": starting fresh");
    }
  }

  private static final class RunningScript {
    private final String file;
    private final JobClient job;

    RunningScript(String file, JobClient job) {
      this.file = file;
      this.job = job;
    }

    String file() {
      return file;
    }

    JobClient job() {
      return job;
    }
  }

  /**
   * Waits until every job has finished (0), or until one fails (1, naming the script and Flink's
   * reason); the caller then closes the cluster, which cancels the others. Streaming jobs do not
   * finish, so for them this waits until the process is stopped.
   */
  private static int awaitAll(List<RunningScript> running) throws InterruptedException {
    BlockingQueue<String> failures = new LinkedBlockingQueue<>();
    List<CompletableFuture<?>> outcomes = new ArrayList<>();
    for (RunningScript script : running) {
      outcomes.add(script.job().getJobExecutionResult().whenComplete((ignored, error) -> {
        if (error != null) failures.add(script.file() + ": the Flink job failed: " + rootMessage(error));
        else System.out.println("finished " + script.file());
      }));
    }
    CompletableFuture<Void> all = CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new));
    for (;;) {
      String failure = failures.poll(200, TimeUnit.MILLISECONDS);
      if (failure != null) {
        System.err.println(failure);
        return 1;
      }
      if (all.isDone() && failures.isEmpty()) return 0;
    }
  }

  private static String rootMessage(Throwable error) {
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) root = root.getCause();
    return root == error ? String.valueOf(error) : error.getClass().getSimpleName() + " caused by " + root;
  }

  /**
   * Managed Flink runs {@code main} in the JobManager (application mode), so this never calls
   * {@code System.exit}: that would end the JobManager's process instead of failing the application
   * (Flink's {@code cluster.intercept-user-system-exit} turns it into an error at best). A script
   * that cannot be read or planned throws {@link ManagedStartFailure} with the script and Flink's
   * reason, which fails the submission and shows in the application's log.
   */
  private static void managed(List<String> args) {
    String propertiesFile = option(args, "--properties", null);
    ManagedFlinkSettings settings;
    try {
      Map<String, Properties> groups =
          propertiesFile == null ? KinesisAnalyticsRuntime.getApplicationProperties() : KinesisAnalyticsRuntime.getApplicationProperties(propertiesFile);
      settings = ManagedFlinkSettings.from(groups);
    } catch (IOException e) {
      throw new ManagedStartFailure("could not read the application's runtime properties (" + (propertiesFile == null ? "where Managed Flink puts them" : propertiesFile) + "): " + e, e);
    } catch (IllegalArgumentException e) {
      throw new ManagedStartFailure(e.getMessage(), e);
    }
    String sql;
    org.apache.flink.core.fs.Path script = new org.apache.flink.core.fs.Path(settings.scriptPath());
    try (InputStream in = script.getFileSystem().open(script)) {
      sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ManagedStartFailure("could not read the script " + settings.scriptPath() + " (property group '" + ManagedFlinkSettings.GROUP + "', '" + ManagedFlinkSettings.SCRIPT_PATH + "'): " + e, e);
    }
    try {
      TableResult result = new ScriptExecutor(settings.scriptPath()).execute(SqlScript.split(sql));
      System.out.println("submitted " + settings.scriptPath() + " as Flink job " + result.getJobClient().map(client -> client.getJobID().toString()).orElse("unknown"));
    } catch (ScriptFailure | IllegalArgumentException e) {
      throw new ManagedStartFailure(e.getMessage(), e);
    }
  }

  private static String read(String file) throws IOException {
    return Files.readString(Path.of(file));
  }
}
