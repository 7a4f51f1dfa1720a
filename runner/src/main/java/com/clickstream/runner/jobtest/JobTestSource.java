package com.clickstream.runner.jobtest;

import com.clickstream.runner.deadletter.DeadLetterSettings;
import com.clickstream.runner.deadletter.RecordDecoder;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.format.DecodingFormat;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.connector.source.ScanTableSource;
import org.apache.flink.table.connector.source.SourceFunctionProvider;
import org.apache.flink.table.connector.source.abilities.SupportsWatermarkPushDown;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.DataType;

/**
 * A source table played from a script file. The planner pushes the table's WATERMARK into it
 * ({@link SupportsWatermarkPushDown}), computed rowtime columns included, so the source computes
 * each watermark right after the row it follows from instead of a periodic assigner after the scan.
 * Projection is not pushed down: the planner projects after the scan and the format always decodes
 * the whole physical row.
 */
final class JobTestSource implements ScanTableSource, SupportsWatermarkPushDown {
  private final String table;
  private final String path;
  private final DecodingFormat<DeserializationSchema<RowData>> format;
  private final DataType rowType;
  private WatermarkStrategy<RowData> watermarkStrategy;
  /** Null without dead-letter options: then a record the format cannot read fails the job. */
  private final DeadLetterSettings deadLetters;

  JobTestSource(String table, String path, DecodingFormat<DeserializationSchema<RowData>> format, DataType rowType, WatermarkStrategy<RowData> watermarkStrategy, DeadLetterSettings deadLetters) {
    this.deadLetters = deadLetters;
    this.table = table;
    this.path = path;
    this.format = format;
    this.rowType = rowType;
    this.watermarkStrategy = watermarkStrategy;
  }

  @Override
  public ChangelogMode getChangelogMode() {
    return format.getChangelogMode();
  }

  /**
   * Declared unbounded although the script ends: for a bounded SourceFunction the planner builds a
   * StreamSource that drops every watermark but the final one (emitProgressiveWatermarks = false,
   * batch semantics), and windows would close only at the end of input. Declared unbounded it still
   * finishes when {@code run} returns, and Flink then sends the final watermark.
   */
  @Override
  public ScanRuntimeProvider getScanRuntimeProvider(ScanContext context) {
    DeserializationSchema<RowData> decoder = format.createRuntimeDecoder(context, rowType);
    // Not a ParallelSourceFunction: the planner runs it with parallelism 1.
    return SourceFunctionProvider.of(new ScriptedSourceFunction(table, path, decoder, watermarkStrategy, deadLetters == null ? null : new RecordDecoder(decoder, deadLetters)), false);
  }

  @Override
  public void applyWatermark(WatermarkStrategy<RowData> watermarkStrategy) {
    this.watermarkStrategy = watermarkStrategy;
  }

  @Override
  public DynamicTableSource copy() {
    return new JobTestSource(table, path, format, rowType, watermarkStrategy, deadLetters);
  }

  @Override
  public String asSummaryString() {
    return "JobTestSource(" + path + ")";
  }
}
