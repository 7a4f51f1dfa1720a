package com.clickstream.runner.jobtest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Job scripts and source scripts as the job test kit writes them, for the tests. */
final class JobTestScripts {
  /** 2024-01-01T00:00:00Z: the start of a one-minute window. */
  static final long T = 1704067200000L;

  private JobTestScripts() {}

  static final String JSON_OPTIONS =
      "  'format' = 'json',\n  'json.timestamp-format.standard' = 'ISO-8601',\n  'json.ignore-parse-errors' = 'false'";

  /** A deployed job's shape: computed event_time, 5 s watermark, 1-minute TUMBLE COUNT per user, PARTITIONED BY sink. */
  static String clicksPerMinute(Path source, Path sink, String extraSourceOption) {
    return "SET 'pipeline.name' = 'clicks-per-minute.v1';\n"
        + "SET 'table.local-time-zone' = 'UTC';\n"
        + "SET 'table.exec.source.idle-timeout' = '1 s';\n"
        + "CREATE TEMPORARY TABLE `clicks` (\n"
        + "  `user_id` STRING,\n"
        + "  `url` STRING,\n"
        + "  `ts` BIGINT,\n"
        + "  `event_time` AS TO_TIMESTAMP_LTZ(`ts`, 3),\n"
        + "  `proc_time` AS PROCTIME(),\n"
        + "  WATERMARK FOR `event_time` AS `event_time` - INTERVAL '5' SECOND\n"
        + ") WITH (\n"
        + "  'connector' = 'job-test-source',\n"
        + "  'path' = '" + source + "',\n"
        + extraSourceOption
        + JSON_OPTIONS + "\n"
        + ");\n"
        + "CREATE TEMPORARY TABLE `clicks_per_minute__sink` (\n"
        + "  `user_id` STRING,\n"
        + "  `window_start` TIMESTAMP(3),\n"
        + "  `window_end` TIMESTAMP(3),\n"
        + "  `clicks` BIGINT\n"
        + ") PARTITIONED BY (`user_id`) WITH (\n"
        + "  'connector' = 'job-test-sink',\n"
        + "  'path' = '" + sink + "',\n"
        + JSON_OPTIONS + "\n"
        + ");\n"
        + "EXECUTE STATEMENT SET\n"
        + "BEGIN\n"
        + "INSERT INTO `clicks_per_minute__sink`\n"
        + "SELECT `user_id`, `window_start`, `window_end`, COUNT(*) AS `clicks`\n"
        + "FROM TABLE(TUMBLE(TABLE `clicks`, DESCRIPTOR(`event_time`), INTERVAL '1' MINUTE))\n"
        + "GROUP BY `user_id`, `window_start`, `window_end`;\n"
        + "END;\n";
  }

  /** A source step: one click of the user at T + seconds. */
  static String click(String user, int seconds) {
    return "{\"record\": \"{\\\"user_id\\\":\\\"" + user + "\\\",\\\"url\\\":\\\"/home\\\",\\\"ts\\\":" + (T + seconds * 1000L) + "}\"}";
  }

  static String watermark(long millis) {
    return "{\"watermark\": " + millis + "}";
  }

  static Path write(Path file, String text) throws IOException {
    return Files.writeString(file, text);
  }

  static Path writeLines(Path file, List<String> lines) throws IOException {
    return Files.write(file, lines);
  }
}
