package com.clickstream.runner;

/**
 * The managed-mode runner could not submit its script: the runtime properties, the script or a
 * statement was wrong. Thrown out of {@code main}, which on Managed Flink runs in the JobManager, so
 * the application fails with this message instead of the JobManager's JVM exiting.
 */
public final class ManagedStartFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ManagedStartFailure(String message, Throwable cause) {
    super(message, cause);
  }
}
