package com.clickstream.runner.deadletter;

import java.util.Properties;
import java.util.ServiceLoader;
import org.apache.flink.streaming.connectors.kinesis.KinesisShardAssigner;
import org.apache.flink.streaming.connectors.kinesis.table.KinesisDynamicShardAssignerFactory;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.streaming.connectors.kinesis.FlinkKinesisConsumer;
import org.apache.flink.streaming.connectors.kinesis.table.KinesisDynamicSource;
import org.apache.flink.table.connector.format.DecodingFormat;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.connector.source.SourceFunctionProvider;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.DataType;

/**
 * The Kinesis source with its records decoded through a {@link RecordDecoder}. Everything but the
 * consumer's deserialization schema is {@link KinesisDynamicSource}'s; metadata columns are not offered
 * (no job declares one), so the consumer is built as the parent builds it without them.
 */
final class DeadLetteringKinesisSource extends KinesisDynamicSource {
  private final DataType physicalRow;
  private final String stream;
  private final String shardAssigner;
  private final Properties consumerProperties;
  private final DecodingFormat<DeserializationSchema<RowData>> format;
  private final DeadLetterSettings deadLetters;

  DeadLetteringKinesisSource(DataType physicalRow, String stream, String shardAssigner, Properties consumerProperties, DecodingFormat<DeserializationSchema<RowData>> format, DeadLetterSettings deadLetters) {
    super(physicalRow, stream, shardAssigner, consumerProperties, format);
    this.physicalRow = physicalRow;
    this.stream = stream;
    this.shardAssigner = shardAssigner;
    this.consumerProperties = consumerProperties;
    this.format = format;
    this.deadLetters = deadLetters;
  }

  @Override
  public ScanRuntimeProvider getScanRuntimeProvider(ScanContext context) {
    RecordDecoder decoder = new RecordDecoder(format.createRuntimeDecoder(context, physicalRow), deadLetters);
    FlinkKinesisConsumer<RowData> consumer = new FlinkKinesisConsumer<>(stream, new DeadLetteringKinesisDeserializationSchema(decoder, context.createTypeInformation(physicalRow)), consumerProperties);
    consumer.setShardAssigner(shardAssigner(shardAssigner));
    return SourceFunctionProvider.of(consumer, false);
  }

  /** The 'shard-assigner' option's assigner, found as the parent finds it (its factories by service loader). */
  private static KinesisShardAssigner shardAssigner(String identifier) {
    for (KinesisDynamicShardAssignerFactory factory : ServiceLoader.load(KinesisDynamicShardAssignerFactory.class)) {
      if (factory.shardAssignerIdentifer().equals(identifier)) return factory.getShardAssigner();
    }
    throw new ValidationException("no Kinesis shard assigner '" + identifier + "'");
  }

  @Override
  public DynamicTableSource copy() {
    return new DeadLetteringKinesisSource(physicalRow, stream, shardAssigner, consumerProperties, format, deadLetters);
  }

  @Override
  public java.util.Map<String, DataType> listReadableMetadata() {
    return java.util.Map.of();
  }

  @Override
  public String asSummaryString() {
    return "Kinesis (dead-lettering)";
  }
}
