package com.clickstream.runner.lookup;

import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** The options of the `reference-file` table (`WITH ('connector' = 'reference-file', ...)`). */
public final class ReferenceFileOptions {
  private ReferenceFileOptions() {}

  public static final ConfigOption<String> PATH = ConfigOptions.key("path").stringType().noDefaultValue()
      .withDescription("The file, as a Flink file system URI: file:///..., or s3://bucket/key on Managed Flink.");

  public static final ConfigOption<String> FORMAT = ConfigOptions.key("format").stringType().defaultValue("json")
      .withDescription("Format of each line of the file (one row per line).");

  public static final ConfigOption<Duration> RELOAD_INTERVAL = ConfigOptions.key("reload-interval")
      .durationType().defaultValue(Duration.ofMinutes(10))
      .withDescription("How often the file is read again, for slowly changing reference data.");
}
