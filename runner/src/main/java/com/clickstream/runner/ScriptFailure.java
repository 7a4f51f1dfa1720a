package com.clickstream.runner;

/** A statement Flink rejected, carried with the statement so the user sees what failed and why. */
public final class ScriptFailure extends RuntimeException {
  public ScriptFailure(String source, SqlScript.Statement statement, Throwable cause) {
    super(String.format("%s: statement %d (%s) failed: %s", source, statement.number(), statement.firstLine(), rootMessage(cause)), cause);
  }

  private static String rootMessage(Throwable error) {
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) root = root.getCause();
    String message = firstLines(root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage());
    return root == error ? message : firstLines(error.getMessage()) + " | caused by: " + message;
  }

  /** Calcite appends hundreds of "was expecting" lines to a parse error; the first two say it all. */
  private static String firstLines(String message) {
    String[] lines = message == null ? new String[] {""} : message.split("\n", 3);
    return lines.length <= 2 ? String.join(" ", lines) : lines[0] + " " + lines[1] + " ...";
  }
}
