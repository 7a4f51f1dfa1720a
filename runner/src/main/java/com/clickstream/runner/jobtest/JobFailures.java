package com.clickstream.runner.jobtest;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.apache.flink.client.program.ProgramInvocationException;
import org.apache.flink.runtime.JobException;
import org.apache.flink.runtime.client.JobExecutionException;

/** The reason a Flink job failed, in one line. */
final class JobFailures {
  private JobFailures() {}

  /**
   * The exception the job's code threw and, if different, the root cause under it:
   * "java.io.IOException: table t, source script s, line 2: Failed to deserialize JSON '{not json'.
   * | caused by: JsonParseException: Unexpected character ...". The root alone would drop the
   * format's and the source's words (which record, which line); Flink's own wrappers ("Job failed
   * (JobID: ...)", "Recovery is suppressed by NoRestartBackoffTimeStrategy") say nothing a test needs.
   */
  static String describe(Throwable error) {
    Throwable thrown = error;
    while (isWrapper(thrown) && thrown.getCause() != null) thrown = thrown.getCause();
    Throwable root = thrown;
    while (root.getCause() != null && root.getCause() != root) root = root.getCause();
    if (root == thrown) return oneLine(thrown.toString());
    return oneLine(thrown.toString()) + " | caused by: " + root.getClass().getSimpleName() + ": " + oneLine(String.valueOf(root.getMessage()));
  }

  private static boolean isWrapper(Throwable error) {
    return error instanceof ExecutionException || error instanceof CompletionException
        || error instanceof ProgramInvocationException || error instanceof JobExecutionException || error instanceof JobException;
  }

  private static String oneLine(String text) {
    return text.strip().replaceAll("\\s*\\n\\s*", " ");
  }
}
