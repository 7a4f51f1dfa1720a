package com.clickstream.runner.udf;

import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.annotation.FunctionHint;
import org.apache.flink.table.functions.AggregateFunction;

/**
 * {@code APPROX_PERCENTILE(value, fraction)}: the approximate percentile of a group's values (a
 * t-digest: about 1% off in rank, closer at the tails), e.g. {@code APPROX_PERCENTILE(price, 0.95)} per window. NULL
 * values are skipped; a group without values gives NULL. Windows only: a t-digest cannot take values
 * back out, which OVER windows need. Mergeable, so HOP, CUMULATE and SESSION windows share slices.
 */
@FunctionHint(
    accumulator = @DataTypeHint(value = "RAW", bridgedTo = PercentileAccumulator.class, rawSerializer = PercentileAccumulatorSerializer.class),
    output = @DataTypeHint("DOUBLE"))
public final class ApproxPercentile extends AggregateFunction<Double, PercentileAccumulator> {
  private static final long serialVersionUID = 1L;

  @Override
  public PercentileAccumulator createAccumulator() {
    return new PercentileAccumulator();
  }

  public void accumulate(PercentileAccumulator accumulator, Double value, Double fraction) {
    if (value == null || fraction == null) return;
    accumulator.add(value, fraction);
  }

  public void merge(PercentileAccumulator accumulator, Iterable<PercentileAccumulator> others) {
    for (PercentileAccumulator other : others) accumulator.merge(other);
  }

  @Override
  public Double getValue(PercentileAccumulator accumulator) {
    return accumulator.value();
  }
}
