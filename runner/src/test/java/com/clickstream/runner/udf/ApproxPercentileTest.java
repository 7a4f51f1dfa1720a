package com.clickstream.runner.udf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Random;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class ApproxPercentileTest {
  private final ApproxPercentile percentile = new ApproxPercentile();

  @Test
  void isWithinOnePercentOfTheExactPercentileOfAShuffledRange() {
    PercentileAccumulator accumulator = percentile.createAccumulator();
    Random random = new Random(7);
    List<Integer> values = new java.util.ArrayList<>(java.util.stream.IntStream.rangeClosed(1, 10_000).boxed().toList());
    java.util.Collections.shuffle(values, random);
    for (int value : values) percentile.accumulate(accumulator, (double) value, 0.95);
    // Exact: 9,500.5 (interpolated between the 9,500th and 9,501st of 10,000).
    assertEquals(9_500.5, percentile.getValue(accumulator), 95);
  }

  @Test
  void givesOneOfTheValuesOnAFewValues() {
    // t-digest keeps a handful of values as they are and answers with the one at the rank (n * 0.5 = 2,
    // counting from 0: the third), not an interpolation between two.
    PercentileAccumulator accumulator = percentile.createAccumulator();
    for (double value : new double[] {40, 10, 30, 20}) percentile.accumulate(accumulator, value, 0.5);
    assertEquals(30.0, percentile.getValue(accumulator), 1e-9);
  }

  @Test
  void skipsNullsAndIsNullWithoutValues() {
    PercentileAccumulator accumulator = percentile.createAccumulator();
    percentile.accumulate(accumulator, null, 0.5);
    assertNull(percentile.getValue(accumulator));
  }

  @Test
  void mergedSlicesGiveThePercentileOfAllTheirValues() {
    PercentileAccumulator first = percentile.createAccumulator();
    PercentileAccumulator second = percentile.createAccumulator();
    for (int value = 1; value <= 500; value++) percentile.accumulate(first, (double) value, 0.5);
    for (int value = 501; value <= 1_000; value++) percentile.accumulate(second, (double) value, 0.5);
    PercentileAccumulator merged = percentile.createAccumulator();
    percentile.merge(merged, List.of(first, second));
    assertEquals(500.5, percentile.getValue(merged), 5);
  }

  @Test
  void aRestoredDigestGivesTheSamePercentile() throws Exception {
    PercentileAccumulator accumulator = percentile.createAccumulator();
    for (int value = 1; value <= 1_000; value++) percentile.accumulate(accumulator, (double) value, 0.9);
    PercentileAccumulatorSerializer serializer = new PercentileAccumulatorSerializer();
    DataOutputSerializer out = new DataOutputSerializer(1024);
    serializer.serialize(accumulator, out);
    PercentileAccumulator restored = serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
    assertEquals(percentile.getValue(accumulator), percentile.getValue(restored), 1e-9);
  }

  @Test
  void refusesAPercentileOutsideZeroToOne() {
    PercentileAccumulator accumulator = percentile.createAccumulator();
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> percentile.accumulate(accumulator, 1.0, 95.0));
    assertEquals("APPROX_PERCENTILE: the percentile must be between 0 and 1 (exclusive), got 95.0", error.getMessage());
  }
}
