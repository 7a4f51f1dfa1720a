package com.clickstream.runner.jobtest;

import com.clickstream.runner.deadletter.DeadLetterOptions;
import com.clickstream.runner.deadletter.DeadLetterSettings;
import java.util.Set;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.table.connector.format.DecodingFormat;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.factories.DeserializationFormatFactory;
import org.apache.flink.table.factories.DynamicTableSourceFactory;
import org.apache.flink.table.factories.FactoryUtil;

/**
 * {@code 'connector' = 'job-test-source'}: a deployed job's source table in a test, its Kinesis
 * options replaced by {@code 'path'} (a script of records and watermarks, see {@link SourceStep})
 * and its format options kept, so each record is decoded as the deployed job would decode it; with
 * the job's {@code dead-letter.*} options, a record it cannot read is dead-lettered as deployed.
 */
public final class JobTestSourceFactory implements DynamicTableSourceFactory {
  public static final String IDENTIFIER = "job-test-source";

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
    // A job's dead-letter options, as on its Kinesis source (a job test points them at a file).
    return DeadLetterOptions.all();
  }

  @Override
  public DynamicTableSource createDynamicTableSource(Context context) {
    FactoryUtil.TableFactoryHelper helper = FactoryUtil.createTableFactoryHelper(this, context);
    // As the Kinesis connector finds its format: the same json options decode the same bytes alike.
    DecodingFormat<DeserializationSchema<RowData>> format = helper.discoverDecodingFormat(DeserializationFormatFactory.class, FactoryUtil.FORMAT);
    JobTestOptions.validate(helper);
    String table = context.getObjectIdentifier().asSummaryString();
    String path = JobTestOptions.absolutePath(helper.getOptions().get(JobTestOptions.PATH), table).toString();
    DeadLetterSettings deadLetters = helper.getOptions().getOptional(DeadLetterOptions.JOB).isPresent() ? DeadLetterSettings.of(table, helper.getOptions(), context.getPhysicalRowDataType()) : null;
    return new JobTestSource(table, path, format, context.getPhysicalRowDataType(), null, deadLetters);
  }
}
