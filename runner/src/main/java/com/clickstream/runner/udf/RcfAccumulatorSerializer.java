package com.clickstream.runner.udf;

import com.amazon.randomcutforest.state.RandomCutForestMapper;
import com.amazon.randomcutforest.state.RandomCutForestState;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Writes a key's forest into Flink state through RCF's own state mapper, so checkpoints and savepoints
 * hold the model and a restarted job scores with the history it had.
 */
public final class RcfAccumulatorSerializer extends TypeSerializerSingleton<RcfAccumulator> {
  private static final long serialVersionUID = 1L;

  @Override
  public boolean isImmutableType() {
    return false;
  }

  @Override
  public RcfAccumulator createInstance() {
    return new RcfAccumulator();
  }

  @Override
  public RcfAccumulator copy(RcfAccumulator from) {
    RcfAccumulator copy = new RcfAccumulator();
    copy.lastScore = from.lastScore;
    copy.forest = from.forest == null ? null : mapper().toModel(mapper().toState(from.forest));
    return copy;
  }

  @Override
  public RcfAccumulator copy(RcfAccumulator from, RcfAccumulator reuse) {
    return copy(from);
  }

  @Override
  public int getLength() {
    return -1;
  }

  @Override
  public void serialize(RcfAccumulator accumulator, DataOutputView target) throws IOException {
    target.writeBoolean(accumulator.lastScore != null);
    if (accumulator.lastScore != null) target.writeDouble(accumulator.lastScore);
    if (accumulator.forest == null) {
      target.writeInt(-1);
      return;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(mapper().toState(accumulator.forest));
    }
    target.writeInt(bytes.size());
    target.write(bytes.toByteArray());
  }

  @Override
  public RcfAccumulator deserialize(DataInputView source) throws IOException {
    RcfAccumulator accumulator = new RcfAccumulator();
    if (source.readBoolean()) accumulator.lastScore = source.readDouble();
    int length = source.readInt();
    if (length < 0) return accumulator;
    byte[] bytes = new byte[length];
    source.readFully(bytes);
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
      accumulator.forest = mapper().toModel((RandomCutForestState) in.readObject());
    } catch (ClassNotFoundException e) {
      throw new IOException("cannot restore an RCF_SCORE forest from state: " + e.getMessage(), e);
    }
    return accumulator;
  }

  @Override
  public RcfAccumulator deserialize(RcfAccumulator reuse, DataInputView source) throws IOException {
    return deserialize(source);
  }

  @Override
  public void copy(DataInputView source, DataOutputView target) throws IOException {
    serialize(deserialize(source), target);
  }

  @Override
  public TypeSerializerSnapshot<RcfAccumulator> snapshotConfiguration() {
    return new Snapshot();
  }

  private static RandomCutForestMapper mapper() {
    RandomCutForestMapper mapper = new RandomCutForestMapper();
    mapper.setSaveExecutorContextEnabled(true);
    return mapper;
  }

  /** Lets Flink check on restore that the state was written by this serializer. */
  public static final class Snapshot extends SimpleTypeSerializerSnapshot<RcfAccumulator> {
    public Snapshot() {
      super(RcfAccumulatorSerializer::new);
    }
  }
}
