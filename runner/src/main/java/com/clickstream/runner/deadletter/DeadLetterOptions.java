package com.clickstream.runner.deadletter;

import java.util.List;
import java.util.Set;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * Where a source table sends the records its job cannot read (see {@link RecordDecoder}): the
 * job's name for the letters, the columns that must not be null, and one destination: an SQS queue
 * ({@code dead-letter.queue-url}) or, for job tests, a JSON-lines file ({@code dead-letter.path}).
 */
public final class DeadLetterOptions {
  private DeadLetterOptions() {}

  public static final ConfigOption<String> JOB = ConfigOptions.key("dead-letter.job").stringType().noDefaultValue()
      .withDescription("The job whose source this is, named in every dead letter (e.g. user-sessions.v1).");

  public static final ConfigOption<List<String>> REQUIRED_COLUMNS = ConfigOptions.key("dead-letter.required-columns").stringType().asList().noDefaultValue()
      .withDescription("Columns the source declares NOT NULL (';'-separated): a record without one is dead-lettered, not passed on with a NULL.");

  public static final ConfigOption<String> QUEUE_URL = ConfigOptions.key("dead-letter.queue-url").stringType().noDefaultValue()
      .withDescription("The SQS queue dead letters are sent to.");

  public static final ConfigOption<String> REGION = ConfigOptions.key("dead-letter.region").stringType().noDefaultValue()
      .withDescription("The queue's region; default: the SDK's default chain (on Managed Flink, the application's region).");

  public static final ConfigOption<String> ENDPOINT = ConfigOptions.key("dead-letter.endpoint").stringType().noDefaultValue()
      .withDescription("A local SQS API instead of the region's (local runs and tests only; signs with fixed test credentials).");

  public static final ConfigOption<String> PAYLOADS = ConfigOptions.key("dead-letter.payloads").stringType().noDefaultValue()
      .withDescription("A folder URI (file:///... or s3://bucket/prefix) for records too large for one SQS message; the letter points at the file.");

  public static final ConfigOption<String> PATH = ConfigOptions.key("dead-letter.path").stringType().noDefaultValue()
      .withDescription("A local file that dead letters are appended to, one JSON object per line (job tests).");

  public static Set<ConfigOption<?>> all() {
    return Set.of(JOB, REQUIRED_COLUMNS, QUEUE_URL, REGION, ENDPOINT, PAYLOADS, PATH);
  }
}
