package com.clickstream.runner.lookup;

import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.table.connector.format.DecodingFormat;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.connector.source.LookupTableSource;
import org.apache.flink.table.connector.source.lookup.AsyncLookupFunctionProvider;
import org.apache.flink.table.connector.source.lookup.PartialCachingAsyncLookupProvider;
import org.apache.flink.table.connector.source.lookup.cache.LookupCache;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.DataType;

/** A reference table whose rows live in Redis, one value per key; usable only in lookup joins. */
public final class RedisLookupTableSource implements LookupTableSource {
  private final String table;
  private final RedisSettings settings;
  private final LookupKey key;
  private final DataType rowType;
  private final DecodingFormat<DeserializationSchema<RowData>> format;
  private final LookupCache cache;

  public RedisLookupTableSource(
      String table, RedisSettings settings, LookupKey key, DataType rowType,
      DecodingFormat<DeserializationSchema<RowData>> format, LookupCache cache) {
    this.table = table;
    this.settings = settings;
    this.key = key;
    this.rowType = rowType;
    this.format = format;
    this.cache = cache;
  }

  @Override
  public LookupRuntimeProvider getLookupRuntimeProvider(LookupContext context) {
    key.requireJoinedOn(table, context.getKeys());
    RedisLookupFunction lookup = new RedisLookupFunction(table, settings, key, format.createRuntimeDecoder(context, rowType));
    return cache == null ? AsyncLookupFunctionProvider.of(lookup) : PartialCachingAsyncLookupProvider.of(lookup, cache);
  }

  @Override
  public DynamicTableSource copy() {
    return new RedisLookupTableSource(table, settings, key, rowType, format, cache);
  }

  @Override
  public String asSummaryString() {
    return "Redis(" + settings.displayUrl() + ", key-prefix=" + settings.keyPrefix() + ")";
  }
}
