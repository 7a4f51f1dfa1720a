package com.clickstream.runner.jobtest;

import java.util.Set;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.table.connector.format.EncodingFormat;
import org.apache.flink.table.connector.sink.DynamicTableSink;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.factories.DynamicTableSinkFactory;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.factories.SerializationFormatFactory;

/**
 * {@code 'connector' = 'job-test-sink'}: a deployed job's sink table in a test, its Kinesis options
 * replaced by {@code 'path'} (the output file, see {@link CollectingSinkFunction}) and its format
 * options kept, so each row is written as the deployed job would put it on its stream.
 */
public final class JobTestSinkFactory implements DynamicTableSinkFactory {
  public static final String IDENTIFIER = "job-test-sink";

  @Override
  public String factoryIdentifier() {
    return IDENTIFIER;
  }

  @Override
  public Set<ConfigOption<?>> requiredOptions() {
    return Set.of(JobTestOptions.PATH, FactoryUtil.FORMAT);
  }

  @Override
  public Set<ConfigOption<?>> optionalOptions() {
    return Set.of();
  }

  @Override
  public DynamicTableSink createDynamicTableSink(Context context) {
    FactoryUtil.TableFactoryHelper helper = FactoryUtil.createTableFactoryHelper(this, context);
    EncodingFormat<SerializationSchema<RowData>> format = helper.discoverEncodingFormat(SerializationFormatFactory.class, FactoryUtil.FORMAT);
    JobTestOptions.validate(helper);
    String table = context.getObjectIdentifier().asSummaryString();
    String path = JobTestOptions.absolutePath(helper.getOptions().get(JobTestOptions.PATH), table).toString();
    return new JobTestSink(path, format, context.getPhysicalRowDataType());
  }
}
