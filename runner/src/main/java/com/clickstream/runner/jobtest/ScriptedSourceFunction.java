package com.clickstream.runner.jobtest;

import com.clickstream.runner.deadletter.RecordDecoder;
import com.clickstream.runner.deadletter.RecordOrigin;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.TimestampAssigner;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkGeneratorSupplier;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.serialization.RuntimeContextInitializationContextAdapters;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.source.RichSourceFunction;
import org.apache.flink.table.data.RowData;
import org.apache.flink.util.clock.RelativeClock;
import org.apache.flink.util.clock.SystemClock;
import org.apache.flink.util.Collector;

/**
 * Plays a {@code job-test-source} script: each record step is decoded by the table's format and
 * emitted, then the declared watermark strategy (if the planner pushed one) sees the row and its
 * watermark is emitted at once; a watermark step is emitted unless the watermark is there already.
 * The end of the file is the end of input, after which Flink sends the final watermark that closes
 * every window.
 *
 * <p>A legacy {@code SourceFunction}, deprecated as it is, because it gives this exact order with
 * the least machinery: {@code collect} and {@code emitWatermark} run on one thread, under the
 * checkpoint lock, straight into the operator's output. A FLIP-27 source drives a watermark
 * strategy from the SourceOperator's periodic timer (pipeline.auto-watermark-interval), so a
 * window's rows would appear after a wall-clock delay that differs between runs; bypassing that
 * from a reader is possible, but takes a split enumerator, a split, their serializers and a reader
 * for one local file.
 */
final class ScriptedSourceFunction extends RichSourceFunction<RowData> {
  private static final long serialVersionUID = 1L;

  private final String table;
  private final String path;
  private final DeserializationSchema<RowData> decoder;
  /** The table's WATERMARK, as the planner pushed it; null for a table without one. */
  private final WatermarkStrategy<RowData> watermarkStrategy;
  /** The job's dead-lettering decoder around {@code decoder}; null when the table has no dead-letter options. */
  private final RecordDecoder deadLettering;

  private transient WatermarkGenerator<RowData> watermarks;
  /** What the format decoded from one record (json: one row, or none if it skips parse errors). */
  private transient List<RowData> rows;
  private transient Collector<RowData> collector;
  private transient volatile boolean running;

  ScriptedSourceFunction(String table, String path, DeserializationSchema<RowData> decoder, WatermarkStrategy<RowData> watermarkStrategy, RecordDecoder deadLettering) {
    this.deadLettering = deadLettering;
    this.table = table;
    this.path = path;
    this.decoder = decoder;
    this.watermarkStrategy = watermarkStrategy;
  }

  @Override
  public void open(OpenContext openContext) throws Exception {
    decoder.open(RuntimeContextInitializationContextAdapters.deserializationAdapter(getRuntimeContext(), metrics -> metrics.addGroup("user")));
    if (deadLettering != null) deadLettering.open(getRuntimeContext().getMetricGroup());
    if (watermarkStrategy != null) {
      MetricGroup metrics = getRuntimeContext().getMetricGroup();
      watermarks = watermarkStrategy.createWatermarkGenerator(new WatermarkGeneratorSupplier.Context() {
        @Override
        public MetricGroup getMetricGroup() {
          return metrics;
        }

        @Override
        public RelativeClock getInputActivityClock() {
          return SystemClock.getInstance();
        }
      });
    }
    rows = new ArrayList<>(1);
    collector = collectorInto(rows);
    running = true;
  }

  @Override
  public void run(SourceContext<RowData> context) throws Exception {
    AscendingWatermarks output = new AscendingWatermarks(context);
    BufferedReader script;
    try {
      script = Files.newBufferedReader(Path.of(path), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IOException("table " + table + ": cannot read the source script " + path + ": " + e, e);
    }
    try (BufferedReader reader = script) {
      int number = 0;
      for (String line = reader.readLine(); running && line != null; line = reader.readLine()) {
        number++;
        SourceStep step;
        try {
          step = SourceStep.parse(line);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(where(number) + ": " + e.getMessage());
        }
        synchronized (context.getCheckpointLock()) {
          if (step.isRecord()) emitRecord(context, step.record(), number, output);
          else output.emitWatermark(new Watermark(step.watermark()));
        }
      }
    }
  }

  private void emitRecord(SourceContext<RowData> context, byte[] record, int number, AscendingWatermarks output) throws IOException {
    rows.clear();
    if (deadLettering != null) {
      // As the job's Kinesis source: the record's origin is this script, its line the sequence number.
      rows.addAll(deadLettering.decode(record, new RecordOrigin(table, "job-test-script", String.valueOf(number), null)));
    } else try {
      decoder.deserialize(record, collector);
    } catch (IOException e) {
      // The format's own message (json: "Failed to deserialize JSON '...'.") stays whole; the line
      // number says which step of the script it was.
      throw new IOException(where(number) + ": " + e.getMessage(), e);
    }
    for (RowData row : rows) {
      context.collect(row);
      if (watermarks != null) {
        watermarks.onEvent(row, TimestampAssigner.NO_TIMESTAMP, output);
        watermarks.onPeriodicEmit(output);
      }
    }
  }

  private String where(int line) {
    return "table " + table + ", source script " + path + ", line " + line;
  }

  private static Collector<RowData> collectorInto(List<RowData> rows) {
    return new Collector<RowData>() {
      @Override
      public void collect(RowData row) {
        rows.add(row);
      }

      @Override
      public void close() {}
    };
  }

  @Override
  public void cancel() {
    running = false;
  }
}
