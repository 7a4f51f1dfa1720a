package com.clickstream.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RunnerMainTest {
  @Test
  void aScriptsCheckpointFolderIsNamedAfterItsFileWithoutTheSqlExtension() {
    assertEquals("user-activity.v1", RunnerMain.jobName("build/jobs/user-activity.v1.sql"));
    assertEquals("job", RunnerMain.jobName("/tmp/flink-e2e-1/job.sql"));
    assertEquals("notes.txt", RunnerMain.jobName("notes.txt"));
  }
}
