package com.clickstream.runner.deadletter;

import java.io.IOException;
import java.util.List;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.connectors.kinesis.serialization.KinesisDeserializationSchema;
import org.apache.flink.table.data.RowData;

/**
 * The Kinesis consumer's view of a {@link RecordDecoder}: unlike the format alone, it is given each
 * record's shard and sequence number, which its dead letter names. A null result is a record the
 * consumer skips (FlinkKinesisConsumer emits nothing for it and moves past it in its shard state).
 */
final class DeadLetteringKinesisDeserializationSchema implements KinesisDeserializationSchema<RowData> {
  private static final long serialVersionUID = 1L;

  private final RecordDecoder decoder;
  private final TypeInformation<RowData> producedType;

  DeadLetteringKinesisDeserializationSchema(RecordDecoder decoder, TypeInformation<RowData> producedType) {
    this.decoder = decoder;
    this.producedType = producedType;
  }

  @Override
  public void open(DeserializationSchema.InitializationContext context) throws Exception {
    decoder.open(context);
  }

  @Override
  public RowData deserialize(byte[] recordValue, String partitionKey, String seqNum, long approxArrivalTimestamp, String stream, String shardId) throws IOException {
    List<RowData> rows = decoder.decode(recordValue, new RecordOrigin(stream, shardId, seqNum, partitionKey));
    // JSON decodes a record to one row; a format that yields several would need a collector the consumer does not offer.
    return rows.isEmpty() ? null : rows.get(0);
  }

  @Override
  public TypeInformation<RowData> getProducedType() {
    return producedType;
  }
}
