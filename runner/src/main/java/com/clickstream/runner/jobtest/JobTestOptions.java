package com.clickstream.runner.jobtest;

import java.nio.file.Path;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.factories.FactoryUtil;

/**
 * The options of the job test kit's tables ({@code 'connector' = 'job-test-source'} and
 * {@code 'job-test-sink'}); besides {@code path}, each takes the deployed table's {@code format} and
 * format options unchanged, so rows are decoded and encoded exactly as in production.
 */
final class JobTestOptions {
  private JobTestOptions() {}

  static final ConfigOption<String> PATH = ConfigOptions.key("path").stringType().noDefaultValue()
      .withDescription("Absolute path of a JSON-lines file: the source's script of steps, or the sink's output.");

  /**
   * The path, which must be absolute: the test server's working folder is not the test's, so a
   * relative path would silently read or write somewhere else.
   */
  static Path absolutePath(String path, String table) {
    Path file = Path.of(path);
    if (!file.isAbsolute()) throw new ValidationException("table " + table + ": 'path' must be absolute, not '" + path + "'");
    return file;
  }

  /**
   * {@link FactoryUtil.TableFactoryHelper#validate()} with its message on one line. Flink spreads it
   * over lines ("Unsupported options:\n\njson.ignore-parse-erors\n\n..."), and a script failure
   * shows only the first two lines of its cause: the misspelt option would not be named. The cause
   * is dropped on purpose, for the same reason: the report shows the root cause's message.
   */
  static void validate(FactoryUtil.TableFactoryHelper helper) {
    try {
      helper.validate();
    } catch (ValidationException e) {
      throw new ValidationException(oneLine(e.getMessage()));
    }
  }

  /** "A.\n\nUnsupported options:\n\na\nb\n\nSupported options:\n\nc" -> "A. Unsupported options: a, b. Supported options: c". */
  static String oneLine(String message) {
    StringBuilder line = new StringBuilder();
    for (String part : message.split("\n")) {
      String text = part.strip();
      if (text.isEmpty()) continue;
      if (line.length() > 0) {
        char last = line.charAt(line.length() - 1);
        if (last == ':' || last == '.') line.append(' ');
        else line.append(text.endsWith(":") ? ". " : ", ");
      }
      line.append(text);
    }
    return line.toString();
  }
}
