package com.clickstream.runner.udf;

import com.amazon.randomcutforest.RandomCutForest;
import com.amazon.randomcutforest.config.Precision;

/**
 * One key's Random Cut Forest and the score of the latest point. The point is scored before it is
 * added, so an outlier is measured against the history that preceded it.
 */
public final class RcfAccumulator {
  /** The defaults the DSL prints when a job gives none (and what forests were built with before parameters). */
  static final int TREES = 30;
  static final int SAMPLE_SIZE = 128;
  static final int WARM_UP = 32;
  private static final long SEED = 42;

  RandomCutForest forest;
  Double lastScore;

  /** A forest's parameters, as the job's SQL passes them with every row (constants: the planner folds them). */
  static final class Settings {
    final int trees;
    final int sampleSize;
    final double timeDecay;
    final int shingleSize;
    final int warmUp;

    Settings(int trees, int sampleSize, double timeDecay, int shingleSize, int warmUp) {
      if (trees < 1 || sampleSize < 1 || shingleSize < 1 || warmUp < 1 || !(timeDecay >= 0)) {
        throw new IllegalArgumentException(String.format(
            "RCF_SCORE parameters out of range: trees %d, sample size %d, time decay %s, shingle size %d, warm-up %d", trees, sampleSize, timeDecay, shingleSize, warmUp));
      }
      this.trees = trees;
      this.sampleSize = sampleSize;
      this.timeDecay = timeDecay;
      this.shingleSize = shingleSize;
      this.warmUp = warmUp;
    }
  }

  void scoreThenUpdate(double[] point, Settings settings) {
    if (forest == null) forest = newForest(point.length, settings);
    if (forest.getDimensions() != point.length * forest.getShingleSize()) {
      throw new IllegalArgumentException(
          "RCF_SCORE was called with " + point.length + " features for a key whose forest has " + forest.getDimensions() / forest.getShingleSize());
    }
    lastScore = forest.isOutputReady() ? forest.getAnomalyScore(point) : null;
    forest.update(point);
  }

  private static RandomCutForest newForest(int features, Settings settings) {
    return RandomCutForest.builder()
        .dimensions(features * settings.shingleSize)
        .shingleSize(settings.shingleSize)
        .internalShinglingEnabled(settings.shingleSize > 1)
        .numberOfTrees(settings.trees)
        .sampleSize(settings.sampleSize)
        .timeDecay(settings.timeDecay)
        .outputAfter(settings.warmUp)
        .randomSeed(SEED)
        .precision(Precision.FLOAT_32)
        .build();
  }
}
