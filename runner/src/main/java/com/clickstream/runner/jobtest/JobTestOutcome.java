package com.clickstream.runner.jobtest;

import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * How one test job ended: {@code {"status":"finished","millis":...}}, or
 * {@code {"status":"failed","stage":"plan"|"run","message":"..."}} where "plan" is a statement
 * Flink refused (nothing ran) and "run" a job that failed while running.
 */
public final class JobTestOutcome {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String status;
  private final long millis;
  private final String stage;
  private final String message;

  private JobTestOutcome(String status, long millis, String stage, String message) {
    this.status = status;
    this.millis = millis;
    this.stage = stage;
    this.message = message;
  }

  static JobTestOutcome finished(long millis) {
    return new JobTestOutcome("finished", millis, null, null);
  }

  static JobTestOutcome failed(String stage, String message) {
    return new JobTestOutcome("failed", 0, stage, message);
  }

  public boolean finished() {
    return status.equals("finished");
  }

  /** "plan" or "run"; null when finished. */
  public String stage() {
    return stage;
  }

  /** Why it failed; null when finished. */
  public String message() {
    return message;
  }

  public String toJson() {
    ObjectNode json = JSON.createObjectNode().put("status", status);
    if (finished()) json.put("millis", millis);
    else json.put("stage", stage).put("message", message);
    return json.toString();
  }

  @Override
  public String toString() {
    return toJson();
  }
}
