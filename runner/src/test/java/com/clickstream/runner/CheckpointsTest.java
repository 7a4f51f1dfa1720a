package com.clickstream.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointsTest {
  @TempDir Path folder;

  private Path checkpoint(String job, int number, long modifiedMillis, boolean complete) throws Exception {
    Path dir = Files.createDirectories(folder.resolve(job).resolve("chk-" + number));
    if (complete) {
      Path metadata = Files.writeString(dir.resolve("_metadata"), "x");
      Files.setLastModifiedTime(metadata, FileTime.fromMillis(modifiedMillis));
    }
    return dir;
  }

  @Test
  void picksTheNewestCompletedCheckpointAcrossJobRuns() throws Exception {
    checkpoint("run-1", 7, 1_000, true);
    Path newest = checkpoint("run-2", 2, 3_000, true);
    checkpoint("run-2", 3, 4_000, false); // still being written: no _metadata
    assertEquals(Optional.of(newest), Checkpoints.latest(folder));
  }

  @Test
  void findsNothingInAnEmptyOrMissingFolder() throws Exception {
    assertTrue(Checkpoints.latest(folder).isEmpty());
    assertTrue(Checkpoints.latest(folder.resolve("missing")).isEmpty());
  }
}
