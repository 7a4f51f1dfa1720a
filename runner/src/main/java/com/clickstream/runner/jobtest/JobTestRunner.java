package com.clickstream.runner.jobtest;

import com.clickstream.runner.ScriptExecutor;
import com.clickstream.runner.ScriptFailure;
import com.clickstream.runner.SqlScript;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;

/**
 * Runs one test job script (a compiled job with its tables on the job test connectors) on a shared
 * Flink cluster and waits for it to end. Safe to call from several threads at once: each run has
 * its own table environment and its own Flink job.
 */
public final class JobTestRunner {
  private final String host;
  private final int port;

  /** For the cluster whose REST endpoint is at host:port. */
  public JobTestRunner(String host, int port) {
    this.host = host;
    this.port = port;
  }

  public JobTestOutcome run(String script) {
    long started = System.nanoTime();
    List<SqlScript.Statement> statements;
    try {
      statements = SqlScript.split(Files.readString(Path.of(script)));
    } catch (IOException | RuntimeException e) {
      return JobTestOutcome.failed("plan", script + ": cannot read the script: " + e);
    }
    JobClient job;
    try {
      TableResult result = new ScriptExecutor(script, tableEnvironment()).execute(statements);
      job = result.getJobClient().orElseThrow(() -> new IllegalStateException(script + ": Flink returned no job for the statement set"));
    } catch (ScriptFailure e) {
      // Names the script, the statement and Flink's reason.
      return JobTestOutcome.failed("plan", e.getMessage());
    } catch (RuntimeException e) {
      // No statement set, say: ScriptExecutor's message names the script already.
      String message = String.valueOf(e.getMessage());
      return JobTestOutcome.failed("plan", message.startsWith(script) ? message : script + ": " + e);
    }
    try {
      job.getJobExecutionResult().get();
    } catch (ExecutionException e) {
      return JobTestOutcome.failed("run", script + ": the Flink job failed: " + JobFailures.describe(e.getCause()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return JobTestOutcome.failed("run", script + ": interrupted while the job ran");
    }
    return JobTestOutcome.finished((System.nanoTime() - started) / 1_000_000);
  }

  /**
   * Parallelism 1, as the scripted sources are; no restarts, so a failing job fails the test at
   * once with its reason instead of restarting (and replaying the script) behind the caller's back.
   */
  private StreamTableEnvironment tableEnvironment() {
    Configuration configuration = new Configuration();
    configuration.setString("parallelism.default", "1");
    configuration.setString("restart-strategy.type", "none");
    StreamExecutionEnvironment environment = StreamExecutionEnvironment.createRemoteEnvironment(host, port, configuration);
    return StreamTableEnvironment.create(environment, EnvironmentSettings.newInstance().inStreamingMode().withConfiguration(configuration).build());
  }
}
