package com.clickstream.runner.udf;

import com.amazon.randomcutforest.RandomCutForest;
import com.amazon.randomcutforest.config.Precision;

/**
 * One key's Random Cut Forest and the score of the latest point. The point is scored before it is
 * added, so an outlier is measured against the history that preceded it.
 */
public final class RcfAccumulator {
  static final int TREES = 30;
  static final int SAMPLE_SIZE = 128;
  /** Points seen before a score is reported; before that the function returns NULL, not a fake 0. */
  static final int WARM_UP = 32;
  private static final long SEED = 42;

  RandomCutForest forest;
  Double lastScore;

  void scoreThenUpdate(double[] point) {
    if (forest == null) forest = newForest(point.length);
    if (forest.getDimensions() != point.length) {
      throw new IllegalArgumentException(
          "RCF_SCORE was called with " + point.length + " features for a key that had " + forest.getDimensions());
    }
    lastScore = forest.getTotalUpdates() < WARM_UP ? null : forest.getAnomalyScore(point);
    forest.update(point);
  }

  private static RandomCutForest newForest(int dimensions) {
    return RandomCutForest.builder()
        .dimensions(dimensions)
        .numberOfTrees(TREES)
        .sampleSize(SAMPLE_SIZE)
        .outputAfter(WARM_UP)
        .randomSeed(SEED)
        .precision(Precision.FLOAT_32)
        .build();
  }
}
