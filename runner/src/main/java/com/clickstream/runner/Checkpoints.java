package com.clickstream.runner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;

/**
 * Local checkpointing: checkpoints go to a folder and are kept when the job stops, so a runner
 * started again on the same folder resumes from the newest completed one: Kinesis positions and
 * operator state (windows, trailing aggregates, dedup keys) included.
 *
 * <p>Flink writes {@code <folder>/<job id>/chk-<n>/_metadata} once a checkpoint is complete; a
 * folder without {@code _metadata} is an unfinished checkpoint and is ignored.
 */
public final class Checkpoints {
  private Checkpoints() {}

  public static void configure(Configuration config, Path folder, Duration interval) {
    config.setString("execution.checkpointing.interval", interval.toMillis() + " ms");
    config.setString("state.checkpoints.dir", folder.toAbsolutePath().toUri().toString());
    config.setString("execution.checkpointing.externalized-checkpoint-retention", "RETAIN_ON_CANCELLATION");
    config.setString("state.checkpoints.num-retained", "3");
  }

  /** The newest completed checkpoint under {@code folder}, if any. */
  public static Optional<Path> latest(Path folder) throws IOException {
    if (!Files.isDirectory(folder)) return Optional.empty();
    try (Stream<Path> metadata = Files.find(folder, 3, (path, attributes) -> path.getFileName().toString().equals("_metadata"))) {
      return metadata
          .max(Comparator.comparingLong(Checkpoints::modified))
          .map(Path::getParent);
    }
  }

  private static long modified(Path path) {
    try {
      return Files.getLastModifiedTime(path).toMillis();
    } catch (IOException e) {
      return Long.MIN_VALUE;
    }
  }
}
