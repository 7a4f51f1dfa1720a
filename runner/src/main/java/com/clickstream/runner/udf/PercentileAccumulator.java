package com.clickstream.runner.udf;

import com.tdunning.math.stats.MergingDigest;

/** One group's t-digest of the values seen, and the percentile (0-1) asked of it. */
public final class PercentileAccumulator {
  /** t-digest's accuracy knob: about 1% off in rank (closer at the tails) with a few KB per group. */
  static final double COMPRESSION = 100;

  MergingDigest digest = new MergingDigest(COMPRESSION);
  double fraction = Double.NaN;

  void add(double value, double requestedFraction) {
    if (!(requestedFraction > 0 && requestedFraction < 1)) {
      throw new IllegalArgumentException("APPROX_PERCENTILE: the percentile must be between 0 and 1 (exclusive), got " + requestedFraction);
    }
    fraction = requestedFraction;
    digest.add(value);
  }

  void merge(PercentileAccumulator other) {
    if (other.digest.size() == 0) return;
    digest.add(other.digest);
    if (Double.isNaN(fraction)) fraction = other.fraction;
  }

  Double value() {
    return digest.size() == 0 || Double.isNaN(fraction) ? null : digest.quantile(fraction);
  }
}
