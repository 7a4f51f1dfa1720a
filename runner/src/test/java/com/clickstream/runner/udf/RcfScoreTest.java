package com.clickstream.runner.udf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class RcfScoreTest {
  private final RcfScore rcf = new RcfScore();
  private static final int TREES = RcfAccumulator.TREES;
  private static final int SAMPLE = RcfAccumulator.SAMPLE_SIZE;
  private static final double DECAY = 1.0 / (10 * RcfAccumulator.SAMPLE_SIZE);
  private static final int WARM_UP = RcfAccumulator.WARM_UP;

  /** Ordinary traffic: prices around 40 with small spread, in two features (price, hour-ish). */
  private static void feedOrdinaryPoints(RcfScore rcf, RcfAccumulator accumulator, int count, long seed) {
    Random random = new Random(seed);
    for (int i = 0; i < count; i++) {
      rcf.accumulate(accumulator, TREES, SAMPLE, DECAY, 1, WARM_UP, 40 + random.nextGaussian() * 2, 12 + random.nextGaussian());
    }
  }

  @Test
  void isNullDuringWarmUpThenScoresOutliersFarAboveOrdinaryPoints() {
    RcfAccumulator accumulator = rcf.createAccumulator();
    rcf.accumulate(accumulator, TREES, SAMPLE, DECAY, 1, WARM_UP, 40.0, 12.0);
    assertNull(rcf.getValue(accumulator), "no score before the warm-up");

    feedOrdinaryPoints(rcf, accumulator, 500, 1);
    rcf.accumulate(accumulator, TREES, SAMPLE, DECAY, 1, WARM_UP, 41.0, 12.5);
    double ordinary = rcf.getValue(accumulator);
    rcf.accumulate(accumulator, TREES, SAMPLE, DECAY, 1, WARM_UP, 400.0, 3.0);
    double outlier = rcf.getValue(accumulator);

    assertTrue(ordinary > 0 && ordinary < 1.5, "ordinary point scored " + ordinary);
    assertTrue(outlier > 2.5, "outlier scored " + outlier);
    assertTrue(outlier > 2 * ordinary, "outlier " + outlier + " vs ordinary " + ordinary);
  }

  @Test
  void aNullFeatureGivesANullScoreAndLeavesTheForestAlone() {
    RcfAccumulator accumulator = rcf.createAccumulator();
    feedOrdinaryPoints(rcf, accumulator, 100, 2);
    long updates = accumulator.forest.getTotalUpdates();
    rcf.accumulate(accumulator, TREES, SAMPLE, DECAY, 1, WARM_UP, 40.0, null);
    assertNull(rcf.getValue(accumulator));
    assertEquals(updates, accumulator.forest.getTotalUpdates());
  }

  @Test
  void aRestoredForestKeepsItsHistory() throws Exception {
    RcfAccumulator accumulator = rcf.createAccumulator();
    feedOrdinaryPoints(rcf, accumulator, 300, 3);
    RcfAccumulatorSerializer serializer = new RcfAccumulatorSerializer();
    DataOutputSerializer out = new DataOutputSerializer(1024);
    serializer.serialize(accumulator, out);
    RcfAccumulator restored = serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));

    assertEquals(accumulator.lastScore, restored.lastScore);
    assertEquals(accumulator.forest.getTotalUpdates(), restored.forest.getTotalUpdates());
    rcf.accumulate(restored, TREES, SAMPLE, DECAY, 1, WARM_UP, 400.0, 3.0);
    assertNotNull(restored.lastScore);
    assertTrue(restored.lastScore > 2.5, "restored forest scored an outlier " + restored.lastScore);
  }

  @Test
  void theParametersSetTheWarmUpAndAShingleScoresEachPointWithThePointsBeforeIt() {
    RcfAccumulator accumulator = rcf.createAccumulator();
    for (int i = 0; i < 4; i++) rcf.accumulate(accumulator, 10, 64, 0.01, 2, 5, (double) (i % 2));
    assertNull(rcf.getValue(accumulator), "4 points, warm-up 5");
    Random random = new Random(7);
    for (int i = 0; i < 300; i++) rcf.accumulate(accumulator, 10, 64, 0.01, 2, 5, (i % 2) + random.nextGaussian() * 0.01);
    double ordinary = rcf.getValue(accumulator);
    // 0, 1, 0, 1, ... then 1 after 1: an ordinary value, but never after itself, which only the shingle (pairs) sees.
    rcf.accumulate(accumulator, 10, 64, 0.01, 2, 5, 1.0);
    rcf.accumulate(accumulator, 10, 64, 0.01, 2, 5, 1.0);
    assertTrue(rcf.getValue(accumulator) > ordinary * 1.5, "a repeated 1 scores " + rcf.getValue(accumulator) + " against " + ordinary);
    assertEquals(2, accumulator.forest.getDimensions());
    assertEquals(2, accumulator.forest.getShingleSize());
  }

  @Test
  void parametersOutOfRangeAreRefusedNamingThem() {
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> rcf.accumulate(rcf.createAccumulator(), 0, 64, 0.01, 1, 5, 1.0));
    assertTrue(error.getMessage().contains("trees 0"), error.getMessage());
  }
}
