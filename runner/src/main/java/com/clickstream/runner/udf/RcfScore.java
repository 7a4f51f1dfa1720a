package com.clickstream.runner.udf;

import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.annotation.FunctionHint;
import org.apache.flink.table.functions.AggregateFunction;

/**
 * {@code RCF_SCORE(feature, ...)}: the Random Cut Forest anomaly score (AWS randomcutforest-java) of
 * each row against the rows before it, per key. Used as an unbounded OVER aggregate:
 *
 * <pre>
 *   RCF_SCORE(price, hour) OVER (PARTITION BY user_id ORDER BY proc_time
 *                                ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
 * </pre>
 *
 * so the forest of each key is Flink keyed state: checkpointed, restored after a crash, and expired by
 * the job's state TTL. Scores are about 1 for ordinary points and grow for outliers (roughly 3 and up
 * is anomalous); NULL until a key has {@value RcfAccumulator#WARM_UP} points, or when a feature is NULL.
 */
@FunctionHint(
    accumulator = @DataTypeHint(value = "RAW", bridgedTo = RcfAccumulator.class, rawSerializer = RcfAccumulatorSerializer.class),
    output = @DataTypeHint("DOUBLE"))
public final class RcfScore extends AggregateFunction<Double, RcfAccumulator> {
  private static final long serialVersionUID = 1L;

  @Override
  public RcfAccumulator createAccumulator() {
    return new RcfAccumulator();
  }

  public void accumulate(RcfAccumulator accumulator, Double... features) {
    double[] point = new double[features.length];
    for (int i = 0; i < features.length; i++) {
      if (features[i] == null) {
        accumulator.lastScore = null;
        return;
      }
      point[i] = features[i];
    }
    accumulator.scoreThenUpdate(point);
  }

  @Override
  public Double getValue(RcfAccumulator accumulator) {
    return accumulator.lastScore;
  }
}
