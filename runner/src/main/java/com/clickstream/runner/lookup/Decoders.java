package com.clickstream.runner.lookup;

import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.functions.FunctionContext;
import org.apache.flink.util.SimpleUserCodeClassLoader;
import org.apache.flink.util.UserCodeClassLoader;

/** Opens a row format decoder inside a lookup function, where no source context exists to do it. */
final class Decoders {
  private Decoders() {}

  static void open(DeserializationSchema<RowData> decoder, FunctionContext context) throws Exception {
    MetricGroup metrics = context.getMetricGroup();
    ClassLoader classLoader = Thread.currentThread().getContextClassLoader();
    decoder.open(new DeserializationSchema.InitializationContext() {
      @Override
      public MetricGroup getMetricGroup() {
        return metrics;
      }

      @Override
      public UserCodeClassLoader getUserCodeClassLoader() {
        return SimpleUserCodeClassLoader.create(classLoader);
      }
    });
  }
}
