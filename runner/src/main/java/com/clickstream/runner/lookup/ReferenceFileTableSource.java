package com.clickstream.runner.lookup;

import java.time.Duration;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.table.connector.format.DecodingFormat;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.connector.source.LookupTableSource;
import org.apache.flink.table.connector.source.lookup.LookupFunctionProvider;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.DataType;

/** A reference table read from a file (local or S3) into memory; usable only in lookup joins. */
public final class ReferenceFileTableSource implements LookupTableSource {
  private final String table;
  private final String path;
  private final Duration reloadInterval;
  private final LookupKey key;
  private final DataType rowType;
  private final DecodingFormat<DeserializationSchema<RowData>> format;

  public ReferenceFileTableSource(
      String table, String path, Duration reloadInterval, LookupKey key, DataType rowType,
      DecodingFormat<DeserializationSchema<RowData>> format) {
    this.table = table;
    this.path = path;
    this.reloadInterval = reloadInterval;
    this.key = key;
    this.rowType = rowType;
    this.format = format;
  }

  @Override
  public LookupRuntimeProvider getLookupRuntimeProvider(LookupContext context) {
    key.requireJoinedOn(table, context.getKeys());
    return LookupFunctionProvider.of(
        new ReferenceFileLookupFunction(table, path, reloadInterval, key, format.createRuntimeDecoder(context, rowType)));
  }

  @Override
  public DynamicTableSource copy() {
    return new ReferenceFileTableSource(table, path, reloadInterval, key, rowType, format);
  }

  @Override
  public String asSummaryString() {
    return "ReferenceFile(" + path + ")";
  }
}
