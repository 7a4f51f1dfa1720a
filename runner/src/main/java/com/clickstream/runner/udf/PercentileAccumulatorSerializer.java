package com.clickstream.runner.udf;

import com.tdunning.math.stats.MergingDigest;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Writes a group's t-digest into Flink state in t-digest's own (verbose, double-precision) encoding, so
 * windows survive a restore and a copy is exact.
 */
public final class PercentileAccumulatorSerializer extends TypeSerializerSingleton<PercentileAccumulator> {
  private static final long serialVersionUID = 1L;

  @Override
  public boolean isImmutableType() {
    return false;
  }

  @Override
  public PercentileAccumulator createInstance() {
    return new PercentileAccumulator();
  }

  @Override
  public PercentileAccumulator copy(PercentileAccumulator from) {
    PercentileAccumulator copy = new PercentileAccumulator();
    copy.fraction = from.fraction;
    copy.digest = MergingDigest.fromBytes(ByteBuffer.wrap(bytesOf(from.digest)));
    return copy;
  }

  @Override
  public PercentileAccumulator copy(PercentileAccumulator from, PercentileAccumulator reuse) {
    return copy(from);
  }

  @Override
  public int getLength() {
    return -1;
  }

  @Override
  public void serialize(PercentileAccumulator accumulator, DataOutputView target) throws IOException {
    target.writeDouble(accumulator.fraction);
    byte[] bytes = bytesOf(accumulator.digest);
    target.writeInt(bytes.length);
    target.write(bytes);
  }

  @Override
  public PercentileAccumulator deserialize(DataInputView source) throws IOException {
    PercentileAccumulator accumulator = new PercentileAccumulator();
    accumulator.fraction = source.readDouble();
    byte[] bytes = new byte[source.readInt()];
    source.readFully(bytes);
    accumulator.digest = MergingDigest.fromBytes(ByteBuffer.wrap(bytes));
    return accumulator;
  }

  @Override
  public PercentileAccumulator deserialize(PercentileAccumulator reuse, DataInputView source) throws IOException {
    return deserialize(source);
  }

  @Override
  public void copy(DataInputView source, DataOutputView target) throws IOException {
    serialize(deserialize(source), target);
  }

  @Override
  public TypeSerializerSnapshot<PercentileAccumulator> snapshotConfiguration() {
    return new Snapshot();
  }

  private static byte[] bytesOf(MergingDigest digest) {
    ByteBuffer buffer = ByteBuffer.allocate(digest.byteSize());
    digest.asBytes(buffer);
    return buffer.array();
  }

  /** Lets Flink check on restore that the state was written by this serializer. */
  public static final class Snapshot extends SimpleTypeSerializerSnapshot<PercentileAccumulator> {
    public Snapshot() {
      super(PercentileAccumulatorSerializer::new);
    }
  }
}
