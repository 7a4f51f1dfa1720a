package com.clickstream.runner.udf;

import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.annotation.FunctionHint;
import org.apache.flink.table.functions.AggregateFunction;

/**
 * {@code RCF_SCORE(feature, ...)}: the Random Cut Forest anomaly score (AWS randomcutforest-java) of
 * each row against the rows before it, per key. Used as an unbounded OVER aggregate:
 *
 * <pre>
 *   RCF_SCORE(30, 128, 0.00078125, 1, 32, price, hour) OVER (PARTITION BY user_id ORDER BY proc_time
 *                                                          ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
 * </pre>
 *
 * <p>The first five arguments are the forest's parameters (trees, sample size, time decay, shingle
 * size, warm-up points); they are read when a key's forest is built and kept in its state.
 *
 * so the forest of each key is Flink keyed state: checkpointed, restored after a crash, and expired by
 * the job's state TTL. Scores are about 1 for ordinary points and grow for outliers (roughly 3 and up
 * is anomalous); NULL until a key has seen its warm-up points, or when a feature is NULL.
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

  /**
   * The forest's parameters come first, the features after them:
   * {@code RCF_SCORE(trees, sampleSize, timeDecay, shingleSize, warmUp, feature, ...)}.
   */
  public void accumulate(
      RcfAccumulator accumulator, Integer trees, Integer sampleSize, Double timeDecay, Integer shingleSize, Integer warmUp, Double... features) {
    double[] point = new double[features.length];
    for (int i = 0; i < features.length; i++) {
      if (features[i] == null) {
        accumulator.lastScore = null;
        return;
      }
      point[i] = features[i];
    }
    accumulator.scoreThenUpdate(point, new RcfAccumulator.Settings(trees, sampleSize, timeDecay, shingleSize, warmUp));
  }

  @Override
  public Double getValue(RcfAccumulator accumulator) {
    return accumulator.lastScore;
  }
}
