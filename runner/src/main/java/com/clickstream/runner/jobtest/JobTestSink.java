package com.clickstream.runner.jobtest;

import java.util.Map;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamSink;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.ProviderContext;
import org.apache.flink.table.connector.format.EncodingFormat;
import org.apache.flink.table.connector.sink.DataStreamSinkProvider;
import org.apache.flink.table.connector.sink.DynamicTableSink;
import org.apache.flink.table.connector.sink.abilities.SupportsPartitioning;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.DataType;

/**
 * A sink table that writes its rows and the watermarks reaching it to a file, in arrival order.
 * Insert-only, as the Kinesis sink: a query that produces updates fails the test as it would fail
 * the deployment. {@link SupportsPartitioning} only because the deployed DDL says PARTITIONED BY
 * (the Kinesis partition key), which the planner refuses for a sink without it; partitions mean
 * nothing to a file.
 */
final class JobTestSink implements DynamicTableSink, SupportsPartitioning {
  private final String path;
  private final EncodingFormat<SerializationSchema<RowData>> format;
  private final DataType rowType;

  JobTestSink(String path, EncodingFormat<SerializationSchema<RowData>> format, DataType rowType) {
    this.path = path;
    this.format = format;
    this.rowType = rowType;
  }

  @Override
  public ChangelogMode getChangelogMode(ChangelogMode requestedMode) {
    return ChangelogMode.insertOnly();
  }

  /**
   * A DataStream sink rather than SinkFunctionProvider: the planner wraps a SinkFunctionProvider's
   * function in its own SinkOperator, which in Flink 1.19 never calls
   * {@code SinkFunction.writeWatermark}; {@code addSink}'s StreamSink does.
   */
  @Override
  public SinkRuntimeProvider getSinkRuntimeProvider(Context context) {
    SerializationSchema<RowData> encoder = format.createRuntimeEncoder(context, rowType);
    String name = asSummaryString();
    return new DataStreamSinkProvider() {
      @Override
      public DataStreamSink<?> consumeDataStream(ProviderContext provider, DataStream<RowData> rows) {
        return rows.addSink(new CollectingSinkFunction(path, encoder)).name(name).setParallelism(1);
      }
    };
  }

  @Override
  public void applyStaticPartition(Map<String, String> partition) {}

  @Override
  public DynamicTableSink copy() {
    return new JobTestSink(path, format, rowType);
  }

  @Override
  public String asSummaryString() {
    return "JobTestSink(" + path + ")";
  }
}
