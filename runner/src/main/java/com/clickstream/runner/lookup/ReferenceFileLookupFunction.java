package com.clickstream.runner.lookup;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.metrics.Counter;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.functions.FunctionContext;
import org.apache.flink.table.functions.LookupFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves lookups from a reference file held in memory, keyed by the table's key, and reads the file
 * again every {@code reload-interval}. A line that does not decode is skipped and counted (the rest
 * of the file still serves); a file that cannot be read at start fails the job with its path named,
 * and a failed reload keeps the rows already loaded.
 */
public final class ReferenceFileLookupFunction extends LookupFunction {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(ReferenceFileLookupFunction.class);

  private final String table;
  private final String path;
  private final Duration reloadInterval;
  private final LookupKey key;
  private final DeserializationSchema<RowData> decoder;

  private transient Map<String, RowData> rows;
  private transient long loadedAt;
  private transient Counter malformedLines;

  public ReferenceFileLookupFunction(
      String table, String path, Duration reloadInterval, LookupKey key, DeserializationSchema<RowData> decoder) {
    this.table = table;
    this.path = path;
    this.reloadInterval = reloadInterval;
    this.key = key;
    this.decoder = decoder;
  }

  @Override
  public void open(FunctionContext context) throws Exception {
    Decoders.open(decoder, context);
    malformedLines = context.getMetricGroup().counter("referenceFileMalformedLines");
    try {
      load();
    } catch (IOException e) {
      throw new IOException("reference table " + table + ": cannot read " + path + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Collection<RowData> lookup(RowData keyRow) {
    if (System.nanoTime() - loadedAt > reloadInterval.toNanos()) reload();
    String keyText = key.textOfLookupRow(keyRow);
    RowData row = keyText == null ? null : rows.get(keyText);
    return row == null ? List.of() : List.of(row);
  }

  private void reload() {
    try {
      load();
    } catch (IOException e) {
      loadedAt = System.nanoTime();
      LOG.warn("reference table {}: cannot read {} again ({}); keeping the {} rows loaded before", table, path, e.getMessage(), rows.size());
    }
  }

  private void load() throws IOException {
    Path file = new Path(path);
    Map<String, RowData> loaded = new HashMap<>();
    long malformed = 0;
    try (FSDataInputStream in = FileSystem.get(file.toUri()).open(file);
         BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      int lineNumber = 0;
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        lineNumber++;
        if (line.isBlank()) continue;
        RowData row = decodeLine(line, lineNumber);
        String keyText = row == null ? null : key.textOfTableRow(row);
        if (keyText == null) {
          malformed++;
          continue;
        }
        loaded.put(keyText, row);
      }
    }
    malformedLines.inc(malformed);
    rows = loaded;
    loadedAt = System.nanoTime();
    LOG.info("reference table {}: loaded {} rows from {}{}", table, loaded.size(), path,
        malformed == 0 ? "" : " (" + malformed + " malformed lines skipped)");
  }

  private RowData decodeLine(String line, int lineNumber) {
    try {
      return decoder.deserialize(line.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      LOG.warn("reference table {}: {} line {} is not a valid row ({}); skipped", table, path, lineNumber, e.getMessage());
      return null;
    }
  }
}
