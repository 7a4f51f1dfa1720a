package com.clickstream.runner.jobtest;

import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.streaming.api.functions.source.SourceFunction;
import org.apache.flink.table.data.RowData;

/**
 * Where the scripted source's watermarks go, from explicit steps and from the table's declared
 * strategy alike: into the stream at once, and only when one is later than every one before, as
 * Flink's own source outputs do (WatermarkToDataOutput drops a watermark not above the last). The
 * planner's generator reports the watermark of the latest row, which goes back for a late row;
 * keeping the maximum makes it "max event time seen minus the delay".
 */
final class AscendingWatermarks implements WatermarkOutput {
  private final SourceFunction.SourceContext<RowData> context;
  private long last = Long.MIN_VALUE;

  AscendingWatermarks(SourceFunction.SourceContext<RowData> context) {
    this.context = context;
  }

  @Override
  public void emitWatermark(Watermark watermark) {
    if (watermark.getTimestamp() <= last) return;
    last = watermark.getTimestamp();
    context.emitWatermark(new org.apache.flink.streaming.api.watermark.Watermark(last));
  }

  /** One subtask that reads its script to the end: it is never idle, whatever an idle timeout says. */
  @Override
  public void markIdle() {}

  @Override
  public void markActive() {}
}
