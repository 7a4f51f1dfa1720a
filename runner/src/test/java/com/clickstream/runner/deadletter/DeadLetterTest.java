package com.clickstream.runner.deadletter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A dead letter keeps the whole record and says where it was, in the shape the other stages' letters have. */
class DeadLetterTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final RecordOrigin ORIGIN = new RecordOrigin("run-raw", "shardId-000000000001", "49650000000000000000000000001", "u1");

  @Test
  void aTextRecordIsKeptAsTextWithWhereItWasAndWhy() throws Exception {
    // Act
    JsonNode letter = JSON.readTree(new DeadLetter("user-sessions.v1", ORIGIN, "cut short", "{\"user_id\": ".getBytes(StandardCharsets.UTF_8)).toJson(null));

    // Assess
    assertEquals("flink", letter.get("stage").asText());
    assertEquals("user-sessions.v1", letter.get("job").asText());
    assertEquals("run-raw/shardId-000000000001", letter.get("index").asText());
    assertEquals("49650000000000000000000000001", letter.get("id").asText());
    assertEquals("shardId-000000000001", letter.get("shardId").asText());
    assertEquals("u1", letter.get("partitionKey").asText());
    assertEquals("cut short", letter.get("reason").asText());
    assertEquals("{\"user_id\": ", letter.get("source").asText());
    assertEquals("utf-8", letter.get("sourceEncoding").asText());
    assertEquals(12, letter.get("sourceBytes").asInt());
    // as `printf '{"user_id": ' | sha256sum` gives it
    assertEquals("11f8cfafa99832693071de660002a89353a16bb01a5dad9dc376bb23e3c9588d", letter.get("sourceSha256").asText());
  }

  @Test
  void bytesThatAreNotUtf8AreKeptWholeAsBase64() throws Exception {
    // Prepare
    byte[] record = {(byte) 0xff, (byte) 0xfe, 0x00, 0x41};

    // Act
    JsonNode letter = JSON.readTree(new DeadLetter("j.v1", ORIGIN, "not JSON", record).toJson(null));

    // Assess
    assertEquals("base64", letter.get("sourceEncoding").asText());
    assertEquals(Base64.getEncoder().encodeToString(record), letter.get("source").asText());
  }

  @Test
  void aRecordTooLargeForTheQueueIsStoredWholeAndTheLetterPointsAtIt(@TempDir Path folder) throws Exception {
    // Prepare
    byte[] record = "x".repeat(SqsDestination.MAX_MESSAGE_BYTES + 1).getBytes(StandardCharsets.UTF_8);
    DeadLetter letter = new DeadLetter("j.v1", ORIGIN, "too large", record);

    // Act
    String location = new PayloadFolder(folder.toUri().toString()).put("j.v1/one", record);
    JsonNode json = JSON.readTree(letter.toJson(location));

    // Assess
    assertTrue(json.get("source").isNull());
    assertEquals(location, json.get("sourceLocation").asText());
    assertEquals(record.length, json.get("sourceBytes").asInt());
    assertFalse(letter.toJson(location).length() > 2_000);
    assertEquals(record.length, Files.size(folder.resolve("j.v1/one")));
  }
}
