package com.clickstream.runner.deadletter;

import java.util.HashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.connector.kinesis.table.KinesisConnectorOptions;
import org.apache.flink.streaming.connectors.kinesis.table.KinesisConnectorOptionsUtil;
import org.apache.flink.streaming.connectors.kinesis.table.KinesisDynamicTableFactory;
import org.apache.flink.table.connector.format.DecodingFormat;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.factories.DeserializationFormatFactory;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.types.DataType;

/**
 * {@code 'connector' = 'kinesis-dead-lettering'}: the Kinesis source of flink-connector-kinesis 4.3.0
 * (every option of {@code kinesis} means the same here) whose records a job cannot read go to a dead
 * letter instead of failing the job ({@link RecordDecoder}), with the {@code dead-letter.*} options of
 * {@link DeadLetterOptions}. Why not {@code kinesis} with {@code 'json.ignore-parse-errors'}: that drops
 * the record without a trace, and the format alone never learns a record's shard or sequence number.
 * Created the way {@code KinesisDynamicTableFactory} creates its source, so the consumer is configured alike.
 */
public final class DeadLetteringKinesisTableFactory extends KinesisDynamicTableFactory {
  public static final String IDENTIFIER = "kinesis-dead-lettering";

  @Override
  public String factoryIdentifier() {
    return IDENTIFIER;
  }

  @Override
  public Set<ConfigOption<?>> optionalOptions() {
    Set<ConfigOption<?>> options = new HashSet<>(super.optionalOptions());
    options.addAll(DeadLetterOptions.all());
    return options;
  }

  @Override
  public DynamicTableSource createDynamicTableSource(Context context) {
    FactoryUtil.TableFactoryHelper helper = FactoryUtil.createTableFactoryHelper(this, context);
    ReadableConfig options = helper.getOptions();
    Map<String, String> tableOptions = context.getCatalogTable().getOptions();
    DataType physicalRow = context.getCatalogTable().getResolvedSchema().toPhysicalRowDataType();
    KinesisConnectorOptionsUtil kinesisOptions = new KinesisConnectorOptionsUtil(tableOptions, options);
    DecodingFormat<DeserializationSchema<RowData>> format = helper.discoverDecodingFormat(DeserializationFormatFactory.class, FactoryUtil.FORMAT);
    helper.validateExcept(kinesisOptions.getNonValidatedPrefixes().toArray(new String[0]));
    Properties consumerProperties = kinesisOptions.getValidatedSourceConfigurations();
    DeadLetterSettings deadLetters = DeadLetterSettings.of(context.getObjectIdentifier().asSummaryString(), options, physicalRow);
    return new DeadLetteringKinesisSource(physicalRow, options.get(KinesisConnectorOptions.STREAM), options.get(KinesisConnectorOptions.SHARD_ASSIGNER), consumerProperties, format, deadLetters);
  }
}
