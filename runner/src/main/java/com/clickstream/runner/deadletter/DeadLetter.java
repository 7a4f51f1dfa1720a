package com.clickstream.runner.deadletter;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.core.JsonProcessingException;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One record a job could not read, as the producer's and the enricher's dead letters are shaped
 * (common/dead-letter/dead-letter.ts: stage, index, id, reason, source, sourceBytes, sourceSha256,
 * sourceLocation, deadLetteredAt), plus the job and where the record was: stream, shard, sequence number.
 * The source is the record's text when its bytes are UTF-8, else base64 ({@code sourceEncoding}).
 */
final class DeadLetter {
  private static final ObjectMapper JSON = new ObjectMapper();

  final String job;
  final String stream;
  final String shardId;
  final String sequenceNumber;
  final String partitionKey;
  final String reason;
  final byte[] record;
  final String deadLetteredAt;

  DeadLetter(String job, RecordOrigin origin, String reason, byte[] record) {
    this.job = job;
    this.stream = origin.stream;
    this.shardId = origin.shardId;
    this.sequenceNumber = origin.sequenceNumber;
    this.partitionKey = origin.partitionKey;
    this.reason = reason;
    this.record = record;
    this.deadLetteredAt = Instant.now().toString();
  }

  String sha256() {
    try {
      StringBuilder hex = new StringBuilder();
      for (byte b : MessageDigest.getInstance("SHA-256").digest(record)) hex.append(String.format("%02x", b));
      return hex.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no SHA-256", e);
    }
  }

  /** The letter as JSON; with {@code sourceLocation} the record itself is not in it but stored there. */
  String toJson(String sourceLocation) {
    ObjectNode letter = JSON.createObjectNode();
    letter.put("stage", "flink");
    letter.put("job", job);
    letter.put("index", stream + "/" + shardId);
    letter.put("id", sequenceNumber);
    letter.put("stream", stream);
    letter.put("shardId", shardId);
    letter.put("sequenceNumber", sequenceNumber);
    if (partitionKey != null) letter.put("partitionKey", partitionKey);
    letter.put("reason", reason);
    String text = utf8(record);
    if (sourceLocation != null) {
      letter.putNull("source");
      letter.put("sourceLocation", sourceLocation);
    } else if (text != null) {
      letter.put("source", text);
    } else {
      letter.put("source", Base64.getEncoder().encodeToString(record));
    }
    letter.put("sourceEncoding", text != null ? "utf-8" : "base64");
    letter.put("sourceBytes", record.length);
    letter.put("sourceSha256", sha256());
    letter.put("deadLetteredAt", deadLetteredAt);
    try {
      return JSON.writeValueAsString(letter);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a dead letter as JSON: " + e.getMessage(), e);
    }
  }

  /** The bytes as text if they are valid UTF-8, else null. */
  private static String utf8(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}
