package com.clickstream.runner.lookup;

import java.util.Set;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.connector.format.DecodingFormat;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.connector.source.lookup.LookupOptions;
import org.apache.flink.table.connector.source.lookup.cache.DefaultLookupCache;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.factories.DeserializationFormatFactory;
import org.apache.flink.table.factories.DynamicTableSourceFactory;
import org.apache.flink.table.factories.FactoryUtil;

/**
 * {@code 'connector' = 'redis'}: a reference table in Redis for lookup joins. Each row is one Redis
 * string value (JSON by default) at {@code key-prefix + key}; Flink's standard lookup cache options
 * ({@code lookup.cache = 'PARTIAL'}, {@code lookup.partial-cache.*}) apply.
 */
public final class RedisLookupTableFactory implements DynamicTableSourceFactory {
  @Override
  public String factoryIdentifier() {
    return "redis";
  }

  @Override
  public Set<ConfigOption<?>> requiredOptions() {
    return Set.of(RedisLookupOptions.URL);
  }

  @Override
  public Set<ConfigOption<?>> optionalOptions() {
    return Set.of(
        RedisLookupOptions.PASSWORD, RedisLookupOptions.MODE, RedisLookupOptions.CREDENTIALS_SECRET, RedisLookupOptions.CREDENTIALS_SECRET_ENDPOINT, RedisLookupOptions.KEY_PREFIX, RedisLookupOptions.FORMAT,
        RedisLookupOptions.COMMAND_TIMEOUT, RedisLookupOptions.FAILURE_TIMEOUT,
        LookupOptions.CACHE_TYPE, LookupOptions.PARTIAL_CACHE_EXPIRE_AFTER_ACCESS,
        LookupOptions.PARTIAL_CACHE_EXPIRE_AFTER_WRITE, LookupOptions.PARTIAL_CACHE_CACHE_MISSING_KEY,
        LookupOptions.PARTIAL_CACHE_MAX_ROWS);
  }

  @Override
  public DynamicTableSource createDynamicTableSource(Context context) {
    FactoryUtil.TableFactoryHelper helper = FactoryUtil.createTableFactoryHelper(this, context);
    DecodingFormat<DeserializationSchema<RowData>> format =
        helper.discoverDecodingFormat(DeserializationFormatFactory.class, RedisLookupOptions.FORMAT);
    helper.validate();
    ReadableConfig options = helper.getOptions();
    String table = context.getObjectIdentifier().asSummaryString();
    if (options.getOptional(RedisLookupOptions.PASSWORD).isPresent() && options.getOptional(RedisLookupOptions.CREDENTIALS_SECRET).isPresent()) {
      throw new ValidationException("reference table " + table + ": set 'password' or 'credentials.secret', not both");
    }
    String mode = options.get(RedisLookupOptions.MODE);
    if (!mode.equals("standalone") && !mode.equals("cluster")) {
      throw new ValidationException("reference table " + table + ": 'mode' must be 'standalone' or 'cluster', not '" + mode + "'");
    }
    ResolvedSchema schema = context.getCatalogTable().getResolvedSchema();
    RedisSettings settings = new RedisSettings(
        options.get(RedisLookupOptions.URL),
        options.getOptional(RedisLookupOptions.PASSWORD).orElse(null),
        options.getOptional(RedisLookupOptions.CREDENTIALS_SECRET).orElse(null),
        options.getOptional(RedisLookupOptions.CREDENTIALS_SECRET_ENDPOINT).orElse(null),
        options.get(RedisLookupOptions.KEY_PREFIX),
        options.get(RedisLookupOptions.COMMAND_TIMEOUT),
        options.get(RedisLookupOptions.FAILURE_TIMEOUT),
        mode.equals("cluster"));
    boolean cached = options.get(LookupOptions.CACHE_TYPE) == LookupOptions.LookupCacheType.PARTIAL;
    return new RedisLookupTableSource(
        table, settings, LookupKey.of(table, schema), schema.toPhysicalRowDataType(), format,
        cached ? DefaultLookupCache.fromConfig(options) : null);
  }
}
