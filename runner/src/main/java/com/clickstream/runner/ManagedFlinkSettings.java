package com.clickstream.runner;

import java.util.Map;
import java.util.Properties;

/**
 * What the runner needs from a Managed Service for Apache Flink application's runtime properties:
 * property group {@value #GROUP} with {@code script.path}, the compiled job's SQL as a Flink file
 * system URI (on Managed Flink an {@code s3://} object deploy-jobs uploaded).
 */
public final class ManagedFlinkSettings {
  public static final String GROUP = "FlinkSqlRunner";
  public static final String SCRIPT_PATH = "script.path";

  private final String scriptPath;

  private ManagedFlinkSettings(String scriptPath) {
    this.scriptPath = scriptPath;
  }

  /** The compiled job's SQL, as a Flink file system URI. */
  public String scriptPath() {
    return scriptPath;
  }
  /** Reads and checks the settings; the message of a failure says exactly what to set. */
  public static ManagedFlinkSettings from(Map<String, Properties> groups) {
    Properties group = groups.get(GROUP);
    if (group == null) {
      throw new IllegalArgumentException(
          "runtime properties have no property group '" + GROUP + "' (found: " + groups.keySet() + "); "
              + "deploy-jobs sets it with '" + SCRIPT_PATH + "'");
    }
    String scriptPath = group.getProperty(SCRIPT_PATH, "").strip();
    if (scriptPath.isEmpty()) {
      throw new IllegalArgumentException(
          "property group '" + GROUP + "' must set '" + SCRIPT_PATH + "' to the compiled job's SQL, e.g. s3://bucket/jobs/user-activity.v1.sql");
    }
    return new ManagedFlinkSettings(scriptPath);
  }
}
