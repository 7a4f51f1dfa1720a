package com.clickstream.runner.deadletter;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.table.data.RowData;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes a source's records with the table's format, and turns each record the job cannot read into a
 * dead letter instead of a failure: bytes the format cannot parse (not JSON, a truncated write, a value of
 * the wrong type) and rows without a column the source declares NOT NULL. The letter keeps the raw
 * bytes, the job, where the record was and the reason; the record is counted
 * ({@code kinesisanalytics.deadLetteredRecords}: Managed Flink forwards metrics of that group to
 * CloudWatch) and skipped, so the job keeps running. Skipping is safe only because the letter is stored
 * first: if it cannot be, the job fails and reads the record again after its restart.
 */
public final class RecordDecoder implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(RecordDecoder.class);
  /** The metric group Managed Flink sends to CloudWatch (Managed Service for Apache Flink, "Using custom metrics"). */
  public static final String METRIC_GROUP = "kinesisanalytics";
  public static final String METRIC = "deadLetteredRecords";

  private final DeserializationSchema<RowData> format;
  private final DeadLetterSettings settings;

  private transient DeadLetterDestination destination;
  private transient Counter deadLettered;
  private transient List<RowData> rows;
  private transient Collector<RowData> collector;

  public RecordDecoder(DeserializationSchema<RowData> format, DeadLetterSettings settings) {
    this.format = format;
    this.settings = settings;
  }

  public void open(DeserializationSchema.InitializationContext context) throws Exception {
    format.open(context);
    open(context.getMetricGroup());
  }

  /** For a caller that opened the format itself. */
  public void open(MetricGroup metrics) {
    deadLettered = metrics.addGroup(METRIC_GROUP).counter(METRIC);
    destination = settings.openDestination();
    rows = new ArrayList<>(1);
    collector = new Collector<RowData>() {
      @Override
      public void collect(RowData row) {
        rows.add(row);
      }

      @Override
      public void close() {}
    };
  }

  public DeserializationSchema<RowData> format() {
    return format;
  }

  /** The record's rows (one for JSON), or none when it was dead-lettered. */
  public List<RowData> decode(byte[] record, RecordOrigin origin) throws IOException {
    rows.clear();
    try {
      format.deserialize(record, collector);
    } catch (IOException | RuntimeException e) {
      deadLetter(record, origin, "the record is not a valid " + settings.table + " record: " + message(e));
      return List.of();
    }
    for (RowData row : rows) {
      String missing = missingColumn(row);
      if (missing != null) {
        deadLetter(record, origin, "the record has no value for column '" + missing + "', which source " + settings.table + " declares NOT NULL");
        return List.of();
      }
    }
    return rows;
  }

  private String missingColumn(RowData row) {
    for (int i = 0; i < settings.requiredPositions.length; i++) {
      if (row.isNullAt(settings.requiredPositions[i])) return settings.requiredNames[i];
    }
    return null;
  }

  private void deadLetter(byte[] record, RecordOrigin origin, String reason) throws IOException {
    DeadLetter letter = new DeadLetter(settings.job, origin, reason, record);
    destination.send(letter);
    deadLettered.inc();
    LOG.warn("{}: dead-lettered the record at {}/{} #{}: {}", settings.job, origin.stream, origin.shardId, origin.sequenceNumber, reason);
  }

  /** The format's message and its causes' (json: "Failed to deserialize JSON '...'." then Jackson's reason). */
  private static String message(Throwable error) {
    StringBuilder text = new StringBuilder(String.valueOf(error.getMessage()));
    for (Throwable cause = error.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
      if (cause.getMessage() != null) text.append(": ").append(cause.getMessage().split("\n")[0]);
    }
    return text.toString();
  }

  public void close() {
    if (destination != null) destination.close();
  }
}
