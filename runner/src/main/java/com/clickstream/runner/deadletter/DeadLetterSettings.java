package com.clickstream.runner.deadletter;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.RowType;

/** A source table's dead-letter options, checked against its columns when the table is created. */
public final class DeadLetterSettings implements Serializable {
  private static final long serialVersionUID = 1L;

  final String table;
  final String job;
  /** Positions and names of the NOT NULL columns in the physical row. */
  final int[] requiredPositions;
  final String[] requiredNames;
  final String queueUrl;
  final String region;
  final String endpoint;
  final String payloads;
  final String path;

  private DeadLetterSettings(String table, String job, int[] requiredPositions, String[] requiredNames, String queueUrl, String region, String endpoint, String payloads, String path) {
    this.table = table;
    this.job = job;
    this.requiredPositions = requiredPositions;
    this.requiredNames = requiredNames;
    this.queueUrl = queueUrl;
    this.region = region;
    this.endpoint = endpoint;
    this.payloads = payloads;
    this.path = path;
  }

  /** The table's settings, or a ValidationException naming the table and the option that is wrong. */
  public static DeadLetterSettings of(String table, ReadableConfig options, DataType physicalRow) {
    String job = options.getOptional(DeadLetterOptions.JOB).orElseThrow(() -> invalid(table, "'" + DeadLetterOptions.JOB.key() + "' is required: the job named in its dead letters"));
    String queueUrl = options.getOptional(DeadLetterOptions.QUEUE_URL).orElse(null);
    String path = options.getOptional(DeadLetterOptions.PATH).orElse(null);
    if ((queueUrl == null) == (path == null)) {
      throw invalid(table, "give exactly one dead-letter destination: '" + DeadLetterOptions.QUEUE_URL.key() + "' (an SQS queue) or '" + DeadLetterOptions.PATH.key() + "' (a file)");
    }
    List<String> fields = ((RowType) physicalRow.getLogicalType()).getFieldNames();
    List<String> required = options.getOptional(DeadLetterOptions.REQUIRED_COLUMNS).orElse(List.of());
    int[] positions = new int[required.size()];
    for (int i = 0; i < required.size(); i++) {
      positions[i] = fields.indexOf(required.get(i));
      if (positions[i] < 0) throw invalid(table, "'" + DeadLetterOptions.REQUIRED_COLUMNS.key() + "' names '" + required.get(i) + "', which is not a column of the table (" + String.join(", ", fields) + ")");
    }
    return new DeadLetterSettings(table, job, positions, required.toArray(new String[0]), queueUrl, options.getOptional(DeadLetterOptions.REGION).orElse(null),
        options.getOptional(DeadLetterOptions.ENDPOINT).orElse(null), options.getOptional(DeadLetterOptions.PAYLOADS).orElse(null), path);
  }

  private static ValidationException invalid(String table, String message) {
    return new ValidationException("table " + table + ": " + message);
  }

  /** Where the letters go, opened on the task that reads the records. */
  DeadLetterDestination openDestination() {
    if (path != null) return new FileDestination(path);
    return new SqsDestination(queueUrl, region, endpoint, payloads == null ? null : new PayloadFolder(payloads));
  }

  List<String> requiredNames() {
    return new ArrayList<>(List.of(requiredNames));
  }
}
