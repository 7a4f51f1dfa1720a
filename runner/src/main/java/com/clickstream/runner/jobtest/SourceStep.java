package com.clickstream.runner.jobtest;

import java.nio.charset.StandardCharsets;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.core.JsonProcessingException;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.DeserializationFeature;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One line of a {@code job-test-source} script: {@code {"record": "<text>"}} (one record, the UTF-8
 * bytes of the text, handed to the table's format as a Kinesis record's data would be) or
 * {@code {"watermark": <epoch millis>}} (advance the source's watermark to that instant).
 */
final class SourceStep {
  static final String EXPECTED = "expected {\"record\": \"<text>\"} or {\"watermark\": <epoch millis>}";

  /** Trailing text after the object is refused: {"record": "a"} {"record": "b"} is a mistake, not one step. */
  private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private static final int SHOWN_CHARS = 200;

  private final byte[] record;
  private final long watermark;

  private SourceStep(byte[] record, long watermark) {
    this.record = record;
    this.watermark = watermark;
  }

  /** The step of a line; an {@link IllegalArgumentException} saying what was expected if it is neither shape. */
  static SourceStep parse(String line) {
    JsonNode step;
    try {
      step = JSON.readTree(line);
    } catch (JsonProcessingException e) {
      throw refused(line);
    }
    if (step == null || !step.isObject() || step.size() != 1) throw refused(line);
    JsonNode record = step.get("record");
    if (record != null && record.isTextual()) return new SourceStep(record.textValue().getBytes(StandardCharsets.UTF_8), 0);
    JsonNode watermark = step.get("watermark");
    if (watermark != null && watermark.isIntegralNumber() && watermark.canConvertToLong()) return new SourceStep(null, watermark.longValue());
    throw refused(line);
  }

  private static IllegalArgumentException refused(String line) {
    String shown = line.length() <= SHOWN_CHARS ? line : line.substring(0, SHOWN_CHARS) + "...";
    return new IllegalArgumentException(EXPECTED + ", got: " + shown);
  }

  boolean isRecord() {
    return record != null;
  }

  /** The record's bytes; only for a record step. */
  byte[] record() {
    return record;
  }

  /** The watermark's epoch millis; only for a watermark step. */
  long watermark() {
    return watermark;
  }
}
