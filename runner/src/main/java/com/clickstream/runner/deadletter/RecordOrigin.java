package com.clickstream.runner.deadletter;

/** Where a record was read: its stream, shard and sequence number (a job test: its script and line). */
public final class RecordOrigin {
  final String stream;
  final String shardId;
  final String sequenceNumber;
  final String partitionKey;

  public RecordOrigin(String stream, String shardId, String sequenceNumber, String partitionKey) {
    this.stream = stream;
    this.shardId = shardId;
    this.sequenceNumber = sequenceNumber;
    this.partitionKey = partitionKey;
  }
}
