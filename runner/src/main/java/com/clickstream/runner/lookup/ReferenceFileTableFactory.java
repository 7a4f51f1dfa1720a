package com.clickstream.runner.lookup;

import java.util.Set;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.connector.format.DecodingFormat;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.factories.DeserializationFormatFactory;
import org.apache.flink.table.factories.DynamicTableSourceFactory;
import org.apache.flink.table.factories.FactoryUtil;

/**
 * {@code 'connector' = 'reference-file'}: slowly changing reference data (one row per line, JSON by
 * default) from a local or S3 file, held in memory and reloaded every {@code reload-interval}.
 */
public final class ReferenceFileTableFactory implements DynamicTableSourceFactory {
  @Override
  public String factoryIdentifier() {
    return "reference-file";
  }

  @Override
  public Set<ConfigOption<?>> requiredOptions() {
    return Set.of(ReferenceFileOptions.PATH);
  }

  @Override
  public Set<ConfigOption<?>> optionalOptions() {
    return Set.of(ReferenceFileOptions.FORMAT, ReferenceFileOptions.RELOAD_INTERVAL);
  }

  @Override
  public DynamicTableSource createDynamicTableSource(Context context) {
    FactoryUtil.TableFactoryHelper helper = FactoryUtil.createTableFactoryHelper(this, context);
    DecodingFormat<DeserializationSchema<RowData>> format =
        helper.discoverDecodingFormat(DeserializationFormatFactory.class, ReferenceFileOptions.FORMAT);
    helper.validate();
    ReadableConfig options = helper.getOptions();
    String table = context.getObjectIdentifier().asSummaryString();
    ResolvedSchema schema = context.getCatalogTable().getResolvedSchema();
    return new ReferenceFileTableSource(
        table, options.get(ReferenceFileOptions.PATH), options.get(ReferenceFileOptions.RELOAD_INTERVAL),
        LookupKey.of(table, schema), schema.toPhysicalRowDataType(), format);
  }
}
