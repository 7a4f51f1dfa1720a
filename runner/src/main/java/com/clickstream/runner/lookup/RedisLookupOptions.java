package com.clickstream.runner.lookup;

import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** The options of the `redis` reference table (`WITH ('connector' = 'redis', ...)`). */
public final class RedisLookupOptions {
  private RedisLookupOptions() {}

  public static final ConfigOption<String> URL = ConfigOptions.key("url").stringType().noDefaultValue()
      .withDescription("redis://host:port[/db], or rediss://host:port for TLS.");

  public static final ConfigOption<String> PASSWORD = ConfigOptions.key("password").stringType().noDefaultValue()
      .withDescription("AUTH password (ElastiCache auth token).");

  public static final ConfigOption<String> CREDENTIALS_SECRET = ConfigOptions.key("credentials.secret").stringType().noDefaultValue()
      .withDescription("Secrets Manager secret (ARN or name) holding {\"username\", \"password\"} of the cache user; read on each connect.");

  public static final ConfigOption<String> CREDENTIALS_SECRET_ENDPOINT = ConfigOptions.key("credentials.secret.endpoint").stringType().noDefaultValue()
      .withDescription("Secrets Manager endpoint override, for a local emulator only; AWS uses the region's endpoint.");

  public static final ConfigOption<String> MODE = ConfigOptions.key("mode").stringType().defaultValue("standalone")
      .withDescription("standalone: one server; cluster: a Redis Cluster (ElastiCache Serverless is one), whose keys live on several nodes.");

  public static final ConfigOption<String> KEY_PREFIX = ConfigOptions.key("key-prefix").stringType().defaultValue("")
      .withDescription("Prefix of the Redis keys; the key of a row is the prefix followed by its lookup key.");

  public static final ConfigOption<String> FORMAT = ConfigOptions.key("format").stringType().defaultValue("json")
      .withDescription("Format of the value stored at each key (one row).");

  public static final ConfigOption<Duration> COMMAND_TIMEOUT = ConfigOptions.key("lookup.command-timeout")
      .durationType().defaultValue(Duration.ofSeconds(1))
      .withDescription("How long one GET may take before it is retried.");

  public static final ConfigOption<Duration> FAILURE_TIMEOUT = ConfigOptions.key("lookup.failure-timeout")
      .durationType().defaultValue(Duration.ofSeconds(30))
      .withDescription("How long a lookup keeps retrying an unreachable Redis (with backoff) before the job fails.");
}
