package com.clickstream.runner.jobtest;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.serialization.RuntimeContextInitializationContextAdapters;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.streaming.api.functions.sink.RichSinkFunction;
import org.apache.flink.table.data.RowData;

/**
 * Writes what reaches a {@code job-test-sink} table to its file, one JSON object a line, in order
 * of arrival: {@code {"row":<the row as the format encodes it>}}, {@code {"watermark":<epoch millis>}},
 * and {@code {"end":true}} once input has ended (the final watermark, or the end of the job). A job
 * that fails or is cancelled leaves no end line: the file shows how far it got.
 */
final class CollectingSinkFunction extends RichSinkFunction<RowData> {
  private static final long serialVersionUID = 1L;

  private final String path;
  private final SerializationSchema<RowData> encoder;

  private transient BufferedWriter writer;
  private transient boolean ended;

  CollectingSinkFunction(String path, SerializationSchema<RowData> encoder) {
    this.path = path;
    this.encoder = encoder;
  }

  @Override
  public void open(OpenContext openContext) throws Exception {
    encoder.open(RuntimeContextInitializationContextAdapters.serializationAdapter(getRuntimeContext(), metrics -> metrics.addGroup("user")));
    Path file = Path.of(path);
    if (file.getParent() != null) Files.createDirectories(file.getParent());
    writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    ended = false;
  }

  @Override
  public void invoke(RowData row, Context context) throws IOException {
    // The json format writes one compact object: inlined as is, the line is itself JSON.
    writer.write("{\"row\":");
    writer.write(new String(encoder.serialize(row), StandardCharsets.UTF_8));
    writer.write("}\n");
  }

  /** A watermark line is where a reader may look, so the lines so far are flushed with it. */
  @Override
  public void writeWatermark(Watermark watermark) throws IOException {
    if (watermark.getTimestamp() == Long.MAX_VALUE) {
      end();
      return;
    }
    writer.write("{\"watermark\":" + watermark.getTimestamp() + "}\n");
    writer.flush();
  }

  /** Called once input has ended normally; the final watermark has usually written the end already. */
  @Override
  public void finish() throws IOException {
    end();
  }

  private void end() throws IOException {
    if (!ended) writer.write("{\"end\":true}\n");
    ended = true;
    writer.flush();
  }

  @Override
  public void close() throws IOException {
    if (writer != null) writer.close();
  }
}
