package com.clickstream.runner.jobtest;

import static com.clickstream.runner.jobtest.JobTestScripts.T;
import static com.clickstream.runner.jobtest.JobTestScripts.click;
import static com.clickstream.runner.jobtest.JobTestScripts.watermark;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.clickstream.runner.ScriptExecutor;
import com.clickstream.runner.SqlScript;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The job test connectors under a deployed job's shape, run as the test server runs them. */
class JobTestConnectorsTest {
  /** Steps whose output shows every rule at once; the expected lines are {@link #WINDOWED_COUNTS}. */
  static final List<String> CLICKS = List.of(
      click("a", 0), click("b", 20), click("a", 30),
      click("a", 65),  // watermark T+60 s: closes [0, 60 s)
      click("a", 10),  // late: behind the watermark, dropped
      click("b", 70),
      watermark(T + 120_000),  // closes [60 s, 120 s) with no later event
      click("a", 130));  // its window [120 s, 180 s) closes only at the end of input

  static final List<String> WINDOWED_COUNTS = List.of(
      "{\"watermark\":" + (T - 5_000) + "}",
      "{\"watermark\":" + (T + 15_000) + "}",
      "{\"watermark\":" + (T + 25_000) + "}",
      "{\"row\":{\"user_id\":\"a\",\"window_start\":\"2024-01-01T00:00:00\",\"window_end\":\"2024-01-01T00:01:00\",\"clicks\":2}}",
      "{\"row\":{\"user_id\":\"b\",\"window_start\":\"2024-01-01T00:00:00\",\"window_end\":\"2024-01-01T00:01:00\",\"clicks\":1}}",
      "{\"watermark\":" + (T + 60_000) + "}",
      "{\"watermark\":" + (T + 65_000) + "}",
      "{\"row\":{\"user_id\":\"a\",\"window_start\":\"2024-01-01T00:01:00\",\"window_end\":\"2024-01-01T00:02:00\",\"clicks\":1}}",
      "{\"row\":{\"user_id\":\"b\",\"window_start\":\"2024-01-01T00:01:00\",\"window_end\":\"2024-01-01T00:02:00\",\"clicks\":1}}",
      "{\"watermark\":" + (T + 120_000) + "}",
      "{\"watermark\":" + (T + 125_000) + "}",
      "{\"row\":{\"user_id\":\"a\",\"window_start\":\"2024-01-01T00:02:00\",\"window_end\":\"2024-01-01T00:03:00\",\"clicks\":1}}",
      "{\"end\":true}");

  @TempDir Path folder;

  private Path sink() {
    return folder.resolve("out/clicks_per_minute.jsonl");
  }

  private JobTestOutcome run(List<String> steps, String extraSourceOption) throws Exception {
    Path source = JobTestScripts.writeLines(folder.resolve("clicks.jsonl"), steps);
    Path script = JobTestScripts.write(folder.resolve("job.sql"), JobTestScripts.clicksPerMinute(source, sink(), extraSourceOption));
    return SharedCluster.runner().run(script.toString());
  }

  /**
   * A window's row comes right before the first watermark at or past its end (T+60 s after the
   * click at 65 s, minus the declared 5 s); an explicit watermark step closes [60 s, 120 s) with no
   * later event; the late click at 10 s is not counted (a's first window stays at 2); the end of
   * input closes the last window and ends the file. Each watermark is the declared strategy's,
   * written as soon as the row that raised it, and not repeated when a late row would lower it.
   */
  @Test
  void aWindowsRowComesJustBeforeTheWatermarkThatClosesIt() throws Exception {
    JobTestOutcome outcome = run(CLICKS, "");

    assertTrue(outcome.finished(), outcome.toString());
    assertEquals(WINDOWED_COUNTS, Files.readAllLines(sink()));
  }

  /** The planner pushes the WATERMARK on the computed event_time into the scan: no assigner of its own. */
  @Test
  void theDeclaredWatermarkIsPushedIntoTheSourceForAComputedRowtime() {
    String script = JobTestScripts.clicksPerMinute(folder.resolve("in.jsonl"), sink(), "");
    String plan = new ScriptExecutor("job.sql").explain(SqlScript.split(script));
    String executed = plan.substring(plan.indexOf("== Optimized Execution Plan =="));

    assertTrue(executed.contains("TableSourceScan(table=[[default_catalog, default_database, clicks, watermark=[-(TO_TIMESTAMP_LTZ(ts, 3), 5000:INTERVAL SECOND)]"), executed);
    assertFalse(executed.contains("WatermarkAssigner"), executed);
  }

  /** Without a WATERMARK the source emits its records and explicit watermarks only, each watermark once. */
  @Test
  void aTableWithoutWatermarkPassesRecordsAndExplicitWatermarks() throws Exception {
    Path source = JobTestScripts.writeLines(folder.resolve("events.jsonl"), List.of(
        "{\"record\": \"{\\\"id\\\":\\\"x\\\",\\\"n\\\":1}\"}",
        watermark(100),
        watermark(50),
        "{\"record\": \"{\\\"id\\\":\\\"y\\\",\\\"n\\\":2}\"}",
        watermark(100),
        watermark(200)));
    Path sink = folder.resolve("copied.jsonl");
    String options = "'format' = 'json', 'json.ignore-parse-errors' = 'false'";
    Path script = JobTestScripts.write(folder.resolve("copy.sql"),
        "CREATE TEMPORARY TABLE `events` (`id` STRING, `n` INT) WITH ('connector' = 'job-test-source', 'path' = '" + source + "', " + options + ");\n"
        + "CREATE TEMPORARY TABLE `copies` (`id` STRING, `n` INT) WITH ('connector' = 'job-test-sink', 'path' = '" + sink + "', " + options + ");\n"
        + "EXECUTE STATEMENT SET BEGIN INSERT INTO `copies` SELECT `id`, `n` FROM `events`; END;\n");

    JobTestOutcome outcome = SharedCluster.runner().run(script.toString());

    assertTrue(outcome.finished(), outcome.toString());
    assertEquals(List.of(
        "{\"row\":{\"id\":\"x\",\"n\":1}}",
        "{\"watermark\":100}",
        "{\"row\":{\"id\":\"y\",\"n\":2}}",
        "{\"watermark\":200}",
        "{\"end\":true}"), Files.readAllLines(sink));
  }

  @Test
  void aRecordTheFormatCannotParseFailsTheJobWithTheFormatsError() throws Exception {
    JobTestOutcome outcome = run(List.of(click("a", 0), "{\"record\": \"{not json\"}", click("a", 1)), "");

    assertEquals("run", outcome.stage(), outcome.toString());
    assertTrue(outcome.message().contains("clicks.jsonl, line 2: Failed to deserialize JSON '{not json'."), outcome.message());
    assertTrue(outcome.message().contains("JsonParseException: Unexpected character"), outcome.message());
    assertFalse(Files.readAllLines(sink()).contains("{\"end\":true}"));
  }

  @Test
  void aLineThatIsNoStepFailsTheJobNamingTheFileAndLine() throws Exception {
    Path steps = folder.resolve("clicks.jsonl");
    JobTestOutcome outcome = run(List.of(click("a", 0), watermark(T), "{\"watermark\": \"soon\"}"), "");

    assertEquals("run", outcome.stage(), outcome.toString());
    assertTrue(outcome.message().contains("source script " + steps + ", line 3: expected {\"record\": \"<text>\"} or {\"watermark\": <epoch millis>}, got: {\"watermark\": \"soon\"}"), outcome.message());
  }

  @Test
  void aMissingSourceScriptFailsTheJobNamingIt() throws Exception {
    Path script = JobTestScripts.write(folder.resolve("job.sql"), JobTestScripts.clicksPerMinute(folder.resolve("nowhere.jsonl"), sink(), ""));

    JobTestOutcome outcome = SharedCluster.runner().run(script.toString());

    assertEquals("run", outcome.stage(), outcome.toString());
    assertTrue(outcome.message().contains("cannot read the source script " + folder.resolve("nowhere.jsonl")), outcome.message());
  }

  @Test
  void aMisspeltOptionIsRefusedNamingIt() throws Exception {
    JobTestOutcome outcome = run(List.of(click("a", 0)), "  'json.ignore-parse-erors' = 'true',\n");

    assertEquals("plan", outcome.stage(), outcome.toString());
    assertTrue(outcome.message().contains("statement 6 (EXECUTE STATEMENT SET) failed"), outcome.message());
    assertTrue(outcome.message().contains("Unsupported options found for 'job-test-source'. Unsupported options: json.ignore-parse-erors."), outcome.message());
  }

  @Test
  void aRelativePathIsRefused() throws Exception {
    Path script = JobTestScripts.write(folder.resolve("job.sql"), JobTestScripts.clicksPerMinute(Path.of("clicks.jsonl"), sink(), ""));

    JobTestOutcome outcome = SharedCluster.runner().run(script.toString());

    assertEquals("plan", outcome.stage(), outcome.toString());
    assertTrue(outcome.message().contains("table default_catalog.default_database.clicks: 'path' must be absolute, not 'clicks.jsonl'"), outcome.message());
  }

  /** As the Kinesis sink, the test sink takes inserts only: an updating query fails as it would deployed. */
  @Test
  void anUpdatingQueryIsRefusedByTheSink() throws Exception {
    Path script = JobTestScripts.write(folder.resolve("job.sql"), JobTestScripts.clicksPerMinute(folder.resolve("in.jsonl"), sink(), "")
        .replace("FROM TABLE(TUMBLE(TABLE `clicks`, DESCRIPTOR(`event_time`), INTERVAL '1' MINUTE))\nGROUP BY `user_id`, `window_start`, `window_end`",
            "FROM (SELECT `user_id`, CAST(NULL AS TIMESTAMP(3)) AS `window_start`, CAST(NULL AS TIMESTAMP(3)) AS `window_end` FROM `clicks`)\nGROUP BY `user_id`, `window_start`, `window_end`"));

    JobTestOutcome outcome = SharedCluster.runner().run(script.toString());

    assertEquals("plan", outcome.stage(), outcome.toString());
    assertTrue(outcome.message().contains("doesn't support consuming update changes"), outcome.message());
  }
}
